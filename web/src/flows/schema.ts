// The flow JSON Schema (GET /api/v1/schema/flow.json) read for the editor:
// the palette's actions, the trigger kinds, and a form field for each input.
export type JSONSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JSONSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JSONSchema[];
  oneOf?: JSONSchema[];
  allOf?: JSONSchema[];
  if?: JSONSchema;
  then?: JSONSchema;
  not?: JSONSchema;
  $ref?: string;
  items?: JSONSchema;
  additionalProperties?: boolean | JSONSchema;
  propertyNames?: JSONSchema;
  default?: unknown;
  examples?: unknown[];
  pattern?: string;
  format?: string;
  $defs?: Record<string, JSONSchema>;
};

export type FieldKind =
  | "string" // free text; {{ expressions }} allowed
  | "expression" // an expr expression (no braces)
  | "number"
  | "integer"
  | "boolean"
  | "enum"
  | "duration"
  | "stepRef"
  | "object" // fixed sub-fields
  | "map" // free keys, string values
  | "list" // a list of strings (or of enum values: options)
  | "any"; // any YAML value, edited as YAML

export type FieldSpec = {
  key: string;
  kind: FieldKind;
  description?: string;
  required: boolean;
  /** A lone {{ expression }} may stand for the value (number, list…). */
  template: boolean;
  options?: string[];
  default?: unknown;
  example?: unknown;
  pattern?: string;
  /** Sub-fields of an object. */
  fields?: FieldSpec[];
};

export type ActionSpec = {
  uses: string;
  namespace: string;
  description: string;
  fields: FieldSpec[];
  /** Extra keys (set: any key becomes a variable) and the kind of their values. */
  extra?: FieldSpec;
  /** Actions that pause the run (they take on_timeout). */
  waits: boolean;
  /** Inputs that must be given, or the action has oneOf alternatives (delay: duration or until). */
  required: string[];
  alternatives?: string[][];
};

export type TriggerSpec = { on: string; fields: string[]; required: string[] };

export type Catalog = {
  actions: ActionSpec[];
  byUses: Map<string, ActionSpec>;
  triggers: TriggerSpec[];
  /** The trigger's own fields (channel, cron…), by key. */
  triggerFields: Map<string, FieldSpec>;
  /** Descriptions of the step keys (next, on_error, retry…). */
  stepDocs: Record<string, string>;
};

const REF = "#/$defs/";

function refName(s: JSONSchema): string | undefined {
  return s.$ref?.startsWith(REF) ? s.$ref.slice(REF.length) : undefined;
}

function deref(root: JSONSchema, s: JSONSchema): JSONSchema {
  const name = refName(s);
  const target = name ? root.$defs?.[name] : undefined;
  if (!target) return s;
  const { $ref: _, ...rest } = s;
  return { ...target, ...rest };
}

function typeOf(s: JSONSchema): string | undefined {
  return Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
}

/** fieldFor maps one property schema to the form control that edits it. */
export function fieldFor(root: JSONSchema, key: string, schema: JSONSchema, required: boolean): FieldSpec {
  const base: FieldSpec = {
    key,
    kind: "any",
    description: schema.description,
    required,
    template: false,
    default: schema.default,
    example: schema.examples?.[0],
  };
  let s = schema;
  // anyOf [X, template] → X that also accepts a lone {{ expression }}
  if (s.anyOf) {
    const rest = s.anyOf.filter((a) => refName(a) !== "template");
    base.template = rest.length < s.anyOf.length;
    if (rest.length !== 1) return base;
    s = { ...rest[0], description: s.description ?? rest[0]?.description };
  }
  const name = refName(s);
  if (name === "duration") return { ...base, kind: "duration", example: base.example ?? root.$defs?.duration?.examples?.[0] };
  if (name === "expression") return { ...base, kind: "expression", example: base.example ?? s.examples?.[0] };
  if (name === "step_ref" || name === "step_id") return { ...base, kind: "stepRef" };
  const d = deref(root, s);
  base.example ??= d.examples?.[0];
  if (d.enum) return { ...base, kind: "enum", options: d.enum.map(String) };
  switch (typeOf(d)) {
    case "string":
      return { ...base, kind: "string", pattern: d.pattern };
    case "integer":
      return { ...base, kind: "integer" };
    case "number":
      return { ...base, kind: "number" };
    case "boolean":
      return { ...base, kind: "boolean" };
    case "array": {
      const item = d.items ? fieldFor(root, "item", d.items, false) : undefined;
      if (!item || item.kind === "string" || item.kind === "enum") return { ...base, kind: "list", options: item?.options };
      return base;
    }
    case "object": {
      if (d.properties && Object.keys(d.properties).length > 0) {
        const req = new Set(d.required ?? []);
        return {
          ...base,
          kind: "object",
          fields: Object.entries(d.properties).map(([k, p]) => fieldFor(root, k, p, req.has(k))),
        };
      }
      return { ...base, kind: "map" };
    }
  }
  return base;
}

function actionSpec(root: JSONSchema, uses: string, def: JSONSchema): ActionSpec {
  const req = new Set(def.required ?? []);
  const fields = Object.entries(def.properties ?? {}).map(([k, p]) => fieldFor(root, k, p, req.has(k)));
  const extra =
    typeof def.additionalProperties === "object" ? fieldFor(root, "*", def.additionalProperties, false) : undefined;
  const alternatives = def.allOf
    ?.flatMap((a) => a.oneOf ?? [])
    .map((o) => o.required ?? [])
    .filter((r) => r.length > 0);
  const dot = uses.indexOf(".");
  return {
    uses,
    namespace: dot > 0 ? uses.slice(0, dot) : "core",
    description: def.description ?? "",
    fields,
    extra,
    waits: uses.startsWith("wait."),
    required: [...req],
    alternatives: alternatives && alternatives.length > 0 ? alternatives : undefined,
  };
}

/** buildCatalog reads the actions and triggers the server declares. */
export function buildCatalog(root: JSONSchema): Catalog {
  const defs = root.$defs ?? {};
  const stepSchema = defs.step ?? {};
  const usesEnum = (stepSchema.properties?.uses?.enum ?? []).map(String);
  const names = new Set<string>(usesEnum);
  for (const k of Object.keys(defs)) if (k.startsWith("action.")) names.add(k.slice("action.".length));
  const actions = [...names].map((uses) => actionSpec(root, uses, defs[`action.${uses}`] ?? { type: "object" }));
  const byUses = new Map(actions.map((a) => [a.uses, a]));

  const trig = defs.trigger ?? {};
  const ons = (trig.properties?.on?.enum ?? []).map(String);
  const triggers: TriggerSpec[] = ons.map((on) => {
    const rule = trig.allOf?.find((r) => r.if?.properties?.on?.const === on);
    const keys = (rule?.then?.propertyNames?.enum ?? ["on", "if"]).map(String);
    return { on, fields: keys.filter((k) => k !== "on" && k !== "if"), required: rule?.then?.required ?? [] };
  });
  const triggerFields = new Map<string, FieldSpec>();
  for (const [k, p] of Object.entries(trig.properties ?? {})) {
    if (k !== "on") triggerFields.set(k, fieldFor(root, k, p, false));
  }
  const stepDocs: Record<string, string> = {};
  for (const [k, p] of Object.entries(stepSchema.properties ?? {})) if (p.description) stepDocs[k] = p.description;
  return { actions, byUses, triggers, triggerFields, stepDocs };
}

/** defaultInputs pre-fills an action's required inputs from the schema's default or first example. */
export function defaultInputs(spec: ActionSpec | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!spec) return out;
  const want = new Set([...spec.required, ...(spec.alternatives?.[0] ?? [])]);
  for (const f of spec.fields) {
    if (!want.has(f.key)) continue;
    const v = f.default ?? f.example;
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}
