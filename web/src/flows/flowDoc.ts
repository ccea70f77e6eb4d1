// The flow document as the editor sees it. The YAML text is the source of
// truth: the canvas is derived from it (readFlow + flowEdges) and every
// visual edit is a small change to a yaml Document (eemeli/yaml), so
// comments, key order and keys the editor does not know survive. Node
// positions live in the document's `x-ui` block, which the engine ignores:
//
//   x-ui:
//     nodes: { <step id>: { x: 0, y: 120 }, ... }
//     trigger: { x: 0, y: 0 }      # the trigger node
//     end: { x: 0, y: 600 }        # the "end" node
import { Document, isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq, type Pair, type Scalar, type ToStringOptions } from "yaml";

export type StepKind = "action" | "branch" | "switch" | "unknown";

export type Pos = { x: number; y: number };

export type SwitchCase = { when: string; next: string };

export type StepInfo = {
  index: number;
  /** The canvas node id: the step id when unique, else "#<index>". */
  nodeId: string;
  id: string;
  kind: StepKind;
  uses?: string;
  with?: unknown;
  if?: string;
  then?: string;
  else?: string;
  next?: string;
  onError?: string;
  onTimeout?: string;
  timeout?: string;
  retry?: Record<string, unknown>;
  cases?: SwitchCase[];
  switchDefault?: string;
};

export type FlowModel = {
  name: string;
  title: string;
  description: string;
  trigger: Record<string, unknown>;
  steps: StepInfo[];
  /** Saved positions by node id (steps, TRIGGER_NODE, END_NODE). */
  positions: Record<string, Pos>;
  tests: { name: string }[];
};

export const TRIGGER_NODE = "@trigger";
export const END_NODE = "@end";

/** Where a connection leaves a node; case handles are "case-<n>". */
export type HandleId = "start" | "next" | "then" | "else" | "on_error" | "on_timeout" | "default" | "goto" | `case-${number}`;

export type FlowEdge = {
  id: string;
  source: string;
  sourceHandle: HandleId;
  target: string;
  /** The run takes this edge without the document saying so (fall-through). */
  implicit: boolean;
};

/** The options every serialization uses: no line folding, yaml's defaults otherwise. */
export const STRINGIFY: ToStringOptions = { lineWidth: 0, minContentWidth: 0 };

export type Parsed = { doc: Document; error?: { message: string; line?: number; col?: number } };

/** parseFlow reads the YAML; a syntax error is returned, not thrown. */
export function parseFlow(text: string): Parsed {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
  const err = doc.errors[0];
  if (err) {
    const at = err.linePos?.[0];
    return { doc, error: { message: err.message.split("\n")[0] ?? err.message, line: at?.line, col: at?.col } };
  }
  return { doc };
}

function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function pos(v: unknown): Pos | undefined {
  const o = obj(v);
  const x = Number(o.x);
  const y = Number(o.y);
  return Number.isFinite(x) && Number.isFinite(y) && o.x !== null && o.y !== null ? { x, y } : undefined;
}

function kindOf(step: Record<string, unknown>): StepKind {
  if ("uses" in step) return "action";
  if ("if" in step) return "branch";
  if ("switch" in step) return "switch";
  return "unknown";
}

/** readFlow is the editor's view of a parsed document. */
export function readFlow(doc: Document): FlowModel {
  const js = obj(doc.toJS({ maxAliasCount: 100 }));
  const rawSteps = Array.isArray(js.steps) ? js.steps : [];
  const ids = rawSteps.map((s) => str(obj(s).id) ?? "");
  const count = new Map<string, number>();
  for (const id of ids) count.set(id, (count.get(id) ?? 0) + 1);
  const steps: StepInfo[] = rawSteps.map((raw, index) => {
    const s = obj(raw);
    const id = ids[index] ?? "";
    const sw = obj(s.switch);
    const info: StepInfo = {
      index,
      nodeId: id && count.get(id) === 1 && !id.startsWith("#") ? id : `#${index}`,
      id,
      kind: kindOf(s),
      uses: str(s.uses),
      with: s.with,
      if: str(s.if),
      then: str(s.then),
      else: str(s.else),
      next: str(s.next),
      onError: str(s.on_error),
      onTimeout: str(s.on_timeout),
      timeout: str(s.timeout),
      retry: s.retry === undefined ? undefined : obj(s.retry),
    };
    if (info.kind === "switch") {
      info.cases = (Array.isArray(sw.cases) ? sw.cases : []).map((c) => ({ when: str(obj(c).when) ?? "", next: str(obj(c).next) ?? "" }));
      info.switchDefault = str(sw.default);
    }
    return info;
  });
  const ui = obj(js["x-ui"]);
  const positions: Record<string, Pos> = {};
  for (const [id, p] of Object.entries(obj(ui.nodes))) {
    const at = pos(p);
    const step = steps.find((s) => s.id === id);
    if (at && step) positions[step.nodeId] = at;
  }
  const tp = pos(ui.trigger);
  if (tp) positions[TRIGGER_NODE] = tp;
  const ep = pos(ui.end);
  if (ep) positions[END_NODE] = ep;
  return {
    name: str(js.name) ?? "",
    title: str(js.title) ?? "",
    description: str(js.description) ?? "",
    trigger: obj(js.trigger),
    steps,
    positions,
    tests: (Array.isArray(js.tests) ? js.tests : []).map((t) => ({ name: str(obj(t).name) ?? "" })),
  };
}

/** exitsOf lists where a step may continue, as (handle, reference); "" is the default continuation. */
export function exitsOf(step: StepInfo): { handle: HandleId; ref: string }[] {
  switch (step.kind) {
    case "branch":
      return [
        { handle: "then", ref: step.then ?? "" },
        { handle: "else", ref: step.else ?? "" },
      ];
    case "switch":
      return [
        ...(step.cases ?? []).map((c, i) => ({ handle: `case-${i}` as HandleId, ref: c.next })),
        { handle: "default", ref: step.switchDefault ?? "" },
      ];
    case "action":
      if (step.uses === "end") return [];
      if (step.uses === "goto") return [{ handle: "goto", ref: str(obj(step.with).step) ?? "end" }];
      return [
        { handle: "next", ref: step.next ?? "" },
        ...(step.onError !== undefined ? [{ handle: "on_error" as const, ref: step.onError }] : []),
        ...(step.onTimeout !== undefined ? [{ handle: "on_timeout" as const, ref: step.onTimeout }] : []),
      ];
    default:
      return [{ handle: "next", ref: step.next ?? "" }];
  }
}

/** flowEdges is the control flow drawn on the canvas (the engine's rules: default next = the following step). */
export function flowEdges(model: FlowModel): FlowEdge[] {
  const { steps } = model;
  const byId = new Map<string, StepInfo>();
  for (const s of steps) if (!byId.has(s.id)) byId.set(s.id, s);
  const edges: FlowEdge[] = [];
  const first = steps[0];
  if (first) edges.push({ id: `${TRIGGER_NODE}:start`, source: TRIGGER_NODE, sourceHandle: "start", target: first.nodeId, implicit: false });
  for (const s of steps) {
    for (const { handle, ref } of exitsOf(s)) {
      let target: string | undefined;
      let implicit = false;
      let r = ref;
      if (r === "" && s.next && handle !== "next") r = s.next; // then/else/default fall back to next
      if (r === "") {
        implicit = true;
        target = steps[s.index + 1]?.nodeId ?? END_NODE;
      } else if (r === "end") {
        target = END_NODE;
      } else {
        target = byId.get(r)?.nodeId;
      }
      if (target) edges.push({ id: `${s.nodeId}:${handle}`, source: s.nodeId, sourceHandle: handle, target, implicit });
    }
  }
  return edges;
}

// ---------------------------------------------------------------- edits

/**
 * editFlow applies one change to the document in text and returns the new
 * text. Top-level keys the change did not touch keep their text exactly as
 * written (spacing, flow style, comment placement); the others are printed
 * by the yaml library, with their comments.
 */
export function editFlow(text: string, change: (doc: Document) => void): string {
  const { doc, error } = parseFlow(text);
  if (error) throw new Error(`the YAML has a syntax error: ${error.message}`);
  change(doc);
  return printMinimal(text, doc);
}

function renderPair(pair: Pair): string {
  const clone = pair.clone();
  if (isScalar(clone.key)) {
    clone.key.commentBefore = undefined;
    clone.key.spaceBefore = false;
  }
  const d = new Document();
  const m = new YAMLMap();
  m.items.push(clone);
  d.contents = m;
  return d.toString(STRINGIFY);
}

function lineStart(s: string, offset: number): number {
  return s.lastIndexOf("\n", offset - 1) + 1;
}

/** gapStart walks back from a line start over blank lines and column-0 comments (they belong to the next key). */
function gapStart(s: string, start: number, floor: number): number {
  let at = start;
  while (at > floor) {
    const prev = lineStart(s, at - 1);
    const line = s.slice(prev, at - 1);
    if (line.trim() === "" || line.startsWith("#")) at = prev;
    else break;
  }
  return at;
}

type Segment = { key: string; gap: string; body: string; pair: Pair };

/** printMinimal prints the edited document, reusing the original text of unchanged top-level keys. */
export function printMinimal(original: string, edited: Document): string {
  const full = edited.toString(STRINGIFY);
  const src = original.endsWith("\n") ? original : `${original}\n`;
  const before = parseDocument(src, { uniqueKeys: false });
  const m0 = before.contents;
  const m1 = edited.contents;
  if (before.errors.length || !isMap(m0) || !isMap(m1) || (m0 as YAMLMap).flow) return full;
  const pairs0 = (m0 as YAMLMap).items as Pair[];
  const keys0 = pairs0.map((p) => (isScalar(p.key) && typeof p.key.value === "string" ? p.key.value : null));
  if (keys0.some((k) => k === null) || new Set(keys0).size !== keys0.length) return full;
  const starts = pairs0.map((p) => lineStart(src, (p.key as Scalar).range?.[0] ?? 0));
  const segs: Segment[] = [];
  let prevEnd = 0;
  pairs0.forEach((pair, i) => {
    const start = starts[i]!;
    const end = i + 1 < pairs0.length ? gapStart(src, starts[i + 1]!, start) : gapStart(src, src.length, start);
    segs.push({ key: keys0[i]!, gap: src.slice(prevEnd, start), body: src.slice(start, end), pair });
    prevEnd = end;
  });
  const tail = src.slice(prevEnd);
  const pairs1 = (m1 as YAMLMap).items as Pair[];
  const keys1 = pairs1.map((p) => (isScalar(p.key) ? p.key.value : undefined));
  // keys that stayed must keep their order
  const kept = keys1.filter((k): k is string => typeof k === "string" && keys0.includes(k));
  if (kept.join("\0") !== keys0.filter((k) => kept.includes(k!)).join("\0")) return full;
  let out = "";
  pairs1.forEach((p, i) => {
    const k = keys1[i];
    const seg = typeof k === "string" ? segs.find((x) => x.key === k) : undefined;
    if (!seg) {
      const d = new Document();
      const m = new YAMLMap();
      m.items.push(p);
      d.contents = m;
      out += d.toString(STRINGIFY);
      return;
    }
    out += seg.gap;
    out += renderPair(seg.pair) === renderPair(p) ? seg.body : renderPair(p);
  });
  out += tail;
  // never trade correctness for looks: the result must read back as the edited document
  const check = parseDocument(out, { uniqueKeys: false });
  if (check.errors.length || JSON.stringify(check.toJS()) !== JSON.stringify(edited.toJS())) return full;
  return out;
}

function stepsSeq(doc: Document): YAMLSeq {
  let seq: unknown = doc.get("steps", true);
  if (!isSeq(seq)) {
    seq = new YAMLSeq();
    doc.set("steps", seq);
  }
  return seq as YAMLSeq;
}

function stepMap(doc: Document, index: number): YAMLMap {
  const m = stepsSeq(doc).items[index];
  if (!isMap(m)) throw new Error(`step ${index} is not a mapping`);
  return m;
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : node;
}

/** uiMap returns x-ui (creating it at the end of the document). */
function uiMap(doc: Document): YAMLMap {
  let ui: unknown = doc.get("x-ui", true);
  if (!isMap(ui)) {
    ui = new YAMLMap();
    doc.set("x-ui", ui);
  }
  return ui as YAMLMap;
}

function round(n: number): number {
  return Math.round(n);
}

function setPos(doc: Document, parent: YAMLMap, key: string, p: Pos) {
  const cur = parent.get(key, true);
  if (isMap(cur)) {
    cur.set("x", round(p.x));
    cur.set("y", round(p.y));
    return;
  }
  parent.set(key, doc.createNode({ x: round(p.x), y: round(p.y) }, { flow: true }));
}

/** setPositions writes node positions (by node id) into x-ui. */
export function setPositions(doc: Document, positions: Record<string, Pos>) {
  const model = readFlow(doc);
  const ui = uiMap(doc);
  // steps first, so a new x-ui block starts with its nodes
  const entries = Object.entries(positions).sort(([a], [b]) => Number(a.startsWith("@")) - Number(b.startsWith("@")));
  for (const [nodeId, p] of entries) {
    if (nodeId === TRIGGER_NODE) setPos(doc, ui, "trigger", p);
    else if (nodeId === END_NODE) setPos(doc, ui, "end", p);
    else {
      const step = model.steps.find((s) => s.nodeId === nodeId);
      if (!step || !step.id) continue;
      let nodes: unknown = ui.get("nodes", true);
      if (!isMap(nodes)) {
        nodes = new YAMLMap();
        ui.set("nodes", nodes);
      }
      setPos(doc, nodes as YAMLMap, step.id, p);
    }
  }
}

/** uniqueStepId makes a step id from a base ("kanban.move" → kanban_move, kanban_move_2…). */
export function uniqueStepId(model: FlowModel, base: string): string {
  let clean = base.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "") || "step";
  if (!/^[A-Za-z_]/.test(clean)) clean = `s_${clean}`;
  if (clean === "end") clean = "end_step";
  const taken = new Set(model.steps.map((s) => s.id));
  if (!taken.has(clean)) return clean;
  for (let n = 2; ; n++) if (!taken.has(`${clean}_${n}`)) return `${clean}_${n}`;
}

export type NewStep =
  | { kind: "action"; uses: string; with?: Record<string, unknown> }
  | { kind: "branch"; if?: string }
  | { kind: "switch"; cases?: SwitchCase[] };

/**
 * addStep appends a step (unconnected: a step that used to fall off the
 * end of the list is given `next: end`, so adding never changes what an
 * existing step does) and returns its id.
 */
export function addStep(doc: Document, step: NewStep, at?: Pos, id?: string): string {
  const model = readFlow(doc);
  const newId = id ?? uniqueStepId(model, step.kind === "action" ? step.uses.split(".").pop() ?? step.uses : step.kind === "branch" ? "condition" : "choice");
  const last = model.steps[model.steps.length - 1];
  if (last && falls(last)) stepMap(doc, last.index).set("next", "end");
  const body: Record<string, unknown> = { id: newId };
  if (step.kind === "action") {
    body.uses = step.uses;
    if (step.with && Object.keys(step.with).length > 0) body.with = step.with;
  } else if (step.kind === "branch") {
    body.if = step.if ?? "true";
    body.then = "end";
    body.else = "end";
  } else {
    body.switch = { cases: step.cases ?? [{ when: "true", next: "end" }], default: "end" };
  }
  stepsSeq(doc).add(doc.createNode(body));
  if (at) {
    const ui = uiMap(doc);
    let nodes: unknown = ui.get("nodes", true);
    if (!isMap(nodes)) {
      nodes = new YAMLMap();
      ui.set("nodes", nodes);
    }
    setPos(doc, nodes as YAMLMap, newId, at);
  }
  return newId;
}

/** falls reports whether a step, being last, would run off the end of the list. */
function falls(s: StepInfo): boolean {
  if (s.kind === "action") return s.uses !== "end" && s.uses !== "goto" && s.next === undefined;
  if (s.kind === "unknown") return s.next === undefined;
  return false;
}

const OPTIONAL_REFS = ["next", "then", "else", "on_error", "on_timeout"] as const;

/** forEachRef visits every step reference in the steps (and the goto targets). */
function forEachRef(doc: Document, visit: (ref: string, set: (v: string | undefined) => void, required: boolean) => void) {
  for (const item of stepsSeq(doc).items) {
    if (!isMap(item)) continue;
    for (const key of OPTIONAL_REFS) {
      const v = item.get(key);
      if (typeof v === "string") visit(v, (nv) => (nv === undefined ? item.delete(key) : item.set(key, nv)), false);
    }
    const sw = item.get("switch", true);
    if (isMap(sw)) {
      const def = sw.get("default");
      if (typeof def === "string") visit(def, (nv) => (nv === undefined ? sw.delete("default") : sw.set("default", nv)), false);
      const cases = sw.get("cases", true);
      if (isSeq(cases)) {
        for (const c of cases.items) {
          if (!isMap(c)) continue;
          const n = c.get("next");
          if (typeof n === "string") visit(n, (nv) => c.set("next", nv ?? "end"), true);
        }
      }
    }
    if (item.get("uses") === "goto") {
      const w = item.get("with", true);
      if (isMap(w)) {
        const target = w.get("step");
        if (typeof target === "string") visit(target, (nv) => w.set("step", nv ?? "end"), true);
      }
    }
  }
}

/**
 * removeStep deletes a step, its position, and the references to it
 * (optional ones are dropped, required ones — switch cases, goto — become end).
 */
export function removeStep(doc: Document, index: number) {
  const model = readFlow(doc);
  const step = model.steps[index];
  if (!step) return;
  stepsSeq(doc).delete(index);
  if (step.id && !model.steps.some((s) => s.index !== index && s.id === step.id)) {
    forEachRef(doc, (ref, set) => {
      if (ref === step.id) set(undefined);
    });
    const nodes = uiMap(doc).get("nodes", true);
    if (isMap(nodes)) nodes.delete(step.id);
  }
  cleanEmptyUI(doc);
}

function cleanEmptyUI(doc: Document) {
  const ui = doc.get("x-ui", true);
  if (!isMap(ui)) return;
  const nodes = ui.get("nodes", true);
  if (isMap(nodes) && nodes.items.length === 0) ui.delete("nodes");
  if (ui.items.length === 0) doc.delete("x-ui");
}

/** renameStep changes a step's id and every reference to it (steps, positions, tests). */
export function renameStep(doc: Document, index: number, newId: string) {
  const model = readFlow(doc);
  const step = model.steps[index];
  if (!step || step.id === newId) return;
  const old = step.id;
  stepMap(doc, index).set("id", newId);
  if (!old || model.steps.some((s) => s.index !== index && s.id === old)) return;
  forEachRef(doc, (ref, set) => {
    if (ref === old) set(newId);
  });
  const nodes = uiMap(doc).get("nodes", true);
  if (isMap(nodes)) {
    const pair = nodes.items.find((p) => scalarValue(p.key) === old);
    if (pair) pair.key = doc.createNode(newId);
  }
  cleanEmptyUI(doc);
  // tests: mocks keys, expect.path, expect.sends[].step
  const tests = doc.get("tests", true);
  if (!isSeq(tests)) return;
  for (const t of tests.items) {
    if (!isMap(t)) continue;
    const mocks = t.getIn(["given", "mocks"], true);
    if (isMap(mocks)) {
      const pair = mocks.items.find((p) => scalarValue(p.key) === old);
      if (pair) pair.key = doc.createNode(newId);
    }
    const path = t.getIn(["expect", "path"], true);
    if (isSeq(path)) {
      path.items.forEach((it, i) => {
        if (scalarValue(it) === old) path.set(i, newId);
      });
    }
    const sends = t.getIn(["expect", "sends"], true);
    if (isSeq(sends)) {
      for (const s of sends.items) if (isMap(s) && s.get("step") === old) s.set("step", newId);
    }
  }
}

/** refPath is where a handle's reference is written in a step. */
function refPath(handle: HandleId): (string | number)[] | undefined {
  switch (handle) {
    case "next":
    case "then":
    case "else":
    case "on_error":
    case "on_timeout":
      return [handle];
    case "default":
      return ["switch", "default"];
    case "goto":
      return ["with", "step"];
    case "start":
      return undefined;
    default: {
      const n = Number(handle.slice("case-".length));
      return Number.isInteger(n) ? ["switch", "cases", n, "next"] : undefined;
    }
  }
}

/** connect points a step's exit (handle) at a step id or "end". */
export function connect(doc: Document, index: number, handle: HandleId, target: string) {
  const path = refPath(handle);
  if (!path) return;
  stepMap(doc, index).setIn(path, target);
}

/**
 * disconnect removes an exit: an explicit reference is dropped (the step
 * goes back to its default), a default continuation becomes `end`.
 */
export function disconnect(doc: Document, index: number, handle: HandleId) {
  const path = refPath(handle);
  if (!path) return;
  const m = stepMap(doc, index);
  const required = handle === "goto" || handle.startsWith("case-");
  if (required) {
    m.setIn(path, "end");
    return;
  }
  if (m.hasIn(path) && m.getIn(path) !== "end") m.deleteIn(path);
  else m.setIn(path, "end");
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

/**
 * setIn sets a value under a node path (creating maps on the way); an
 * empty value (undefined, "", [], {}) deletes the key, and a map left
 * empty by that is deleted too.
 */
export function setIn(doc: Document, path: (string | number)[], value: unknown) {
  if (isEmpty(value)) {
    if (!doc.hasIn(path)) return;
    doc.deleteIn(path);
    // drop maps the deletion left empty, below a step, the trigger or x-ui
    const min = path[0] === "steps" ? 3 : 2;
    for (let n = path.length - 1; n >= min; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isMap(node) && node.items.length === 0) doc.deleteIn(path.slice(0, n));
      else break;
    }
    return;
  }
  const cur = doc.getIn(path, true);
  if (isScalar(cur) && isScalarValue(value)) {
    cur.value = value;
    return;
  }
  if (isMap(cur) && isPlainObject(value)) {
    merge(doc, cur, value);
    return;
  }
  doc.setIn(path, doc.createNode(value));
}

function isScalarValue(v: unknown): v is string | number | boolean {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** merge changes a map in place to hold value, keeping the nodes (comments, style) of what did not change. */
function merge(doc: Document, node: YAMLMap, value: Record<string, unknown>) {
  for (const pair of [...node.items]) {
    const k = scalarValue(pair.key);
    if (typeof k === "string" && !(k in value)) node.delete(k);
  }
  for (const [k, v] of Object.entries(value)) {
    const cur = node.get(k, true);
    if (isMap(cur) && isPlainObject(v)) merge(doc, cur, v);
    else if (isScalar(cur) && isScalarValue(v)) {
      if (cur.value !== v) cur.value = v;
    } else if (cur === undefined || JSON.stringify(isScalar(cur) ? cur.value : (cur as { toJSON(): unknown }).toJSON()) !== JSON.stringify(v)) {
      node.set(k, doc.createNode(v));
    }
  }
}

/** setStepField sets (or clears) a field of step index: ["with","tag"], ["timeout"], ["retry","max_attempts"]. */
export function setStepField(doc: Document, index: number, path: (string | number)[], value: unknown) {
  setIn(doc, ["steps", index, ...path], value);
}

/** moveToFirst makes a step the one the trigger starts (moves it to the top of the list). */
export function moveToFirst(doc: Document, index: number) {
  if (index <= 0) return;
  const seq = stepsSeq(doc);
  const [item] = seq.items.splice(index, 1);
  if (item) seq.items.unshift(item);
}

// ---------------------------------------------------------------- diagnostics

/** Diagnostic is a lint problem; reason and params, when set, key its English message (lintMessage words it). */
export type Diagnostic = { file: string; line: number; col: number; code: string; path?: string; reason?: string; params?: Record<string, unknown>; message: string };

/** stepIndexOf reads the step a diagnostic's field path points into: steps[3].with.tag → 3. */
export function stepIndexOf(path: string | undefined): number | undefined {
  const m = path?.match(/^steps\[(\d+)\]/);
  return m ? Number(m[1]) : undefined;
}

/** nodeOfDiagnostic names the canvas node a diagnostic belongs to (undefined: the whole flow). */
export function nodeOfDiagnostic(model: FlowModel, d: Diagnostic): string | undefined {
  if (d.path?.startsWith("trigger")) return TRIGGER_NODE;
  const i = stepIndexOf(d.path);
  return i === undefined ? undefined : model.steps[i]?.nodeId;
}

/** fieldOfDiagnostic is the path inside the step: steps[3].with.tag → "with.tag". */
export function fieldOfDiagnostic(path: string | undefined): string | undefined {
  const m = path?.match(/^steps\[\d+\]\.?(.*)$/);
  return m ? m[1] : undefined;
}
