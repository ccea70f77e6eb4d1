// A connection's config form, generated from the plugin's JSON Schema
// (GET /api/v1/plugins → config_schema): one control per property, by its
// type; secrets are write-only password fields.

export type FieldKind = "text" | "secret" | "integer" | "number" | "boolean" | "enum" | "duration" | "url" | "json";

export type FormField = {
  name: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  example?: string;
  default?: unknown;
  options?: string[];
  pattern?: string;
};

type Prop = {
  type?: string | string[];
  description?: string;
  examples?: unknown[];
  default?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  writeOnly?: boolean;
  "x-secret"?: boolean;
  "x-type"?: string;
};

/** fieldsOf reads a config schema: required fields first (in schema order), then the rest. */
export function fieldsOf(schema: Record<string, unknown> | undefined): FormField[] {
  const props = (schema?.properties ?? {}) as Record<string, Prop>;
  const required = new Set(Array.isArray(schema?.required) ? (schema.required as string[]) : []);
  const out = Object.entries(props).map(([name, p]): FormField => {
    const f: FormField = { name, kind: kindOf(p), required: required.has(name) };
    if (p.description) f.description = p.description;
    if (p.examples?.length) f.example = String(p.examples[0]);
    if (p.default !== undefined) f.default = p.default;
    if (p.enum) f.options = p.enum.map(String);
    if (p.pattern) f.pattern = p.pattern;
    return f;
  });
  return [...out.filter((f) => f.required), ...out.filter((f) => !f.required)];
}

function kindOf(p: Prop): FieldKind {
  const type = Array.isArray(p.type) ? p.type.find((t) => t !== "null") : p.type;
  if (p["x-secret"] || p.writeOnly) return "secret";
  if (p.enum) return "enum";
  if (p["x-type"] === "duration") return "duration";
  if (type === "boolean") return "boolean";
  if (type === "integer") return "integer";
  if (type === "number") return "number";
  if (type === "string") return p.format === "uri" ? "url" : "text";
  return "json";
}

/** Values are the form's raw inputs: strings, and booleans for checkboxes. */
export type Values = Record<string, string | boolean>;

/** initialValues fills a form from a connection's (non-secret) config; secrets start empty. */
export function initialValues(fields: FormField[], config: Record<string, unknown> = {}): Values {
  const v: Values = {};
  for (const f of fields) {
    const cur = f.kind === "secret" ? undefined : config[f.name];
    if (f.kind === "boolean") v[f.name] = typeof cur === "boolean" ? cur : f.default === true;
    else if (cur === undefined) v[f.name] = "";
    else v[f.name] = f.kind === "json" ? JSON.stringify(cur) : String(cur);
  }
  return v;
}

/**
 * configOf turns inputs into the config to send, with per-field problems.
 * An empty optional field is left out (the plugin's default applies); an
 * empty secret is left out too, which on an update keeps the stored value.
 * Required fields are checked unless secretsSet says a secret is stored.
 */
export function configOf(
  fields: FormField[],
  values: Values,
  secretsSet: string[] = [],
): { config: Record<string, unknown>; errors: Record<string, string> } {
  const config: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const raw = values[f.name];
    if (f.kind === "boolean") {
      if (raw !== undefined && raw !== (f.default === true)) config[f.name] = raw === true;
      continue;
    }
    const s = typeof raw === "string" ? raw.trim() : "";
    if (s === "") {
      if (f.required && f.default === undefined && !(f.kind === "secret" && secretsSet.includes(f.name))) errors[f.name] = "required";
      continue;
    }
    switch (f.kind) {
      case "integer":
        if (!/^-?\d+$/.test(s)) errors[f.name] = "integer";
        else config[f.name] = Number(s);
        break;
      case "number":
        if (Number.isNaN(Number(s))) errors[f.name] = "number";
        else config[f.name] = Number(s);
        break;
      case "json":
        try {
          config[f.name] = JSON.parse(s);
        } catch {
          errors[f.name] = "json";
        }
        break;
      default:
        if (f.pattern && !new RegExp(f.pattern).test(s)) errors[f.name] = f.kind === "duration" ? "duration" : f.kind === "url" ? "url" : "pattern";
        else config[f.name] = f.kind === "secret" ? (raw as string) : s;
    }
  }
  return { config, errors };
}

/** humanize turns a config key into a label: "phone_number_id" → "Phone number ID". */
export function humanize(name: string): string {
  const words = name.split("_").map((w) => (["id", "url", "sid", "api", "mps", "waba"].includes(w) ? w.toUpperCase() : w));
  const s = words.join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
