// Where nodes without a saved position go: layers by distance from the
// trigger (breadth first), centred under each other.
import { END_NODE, TRIGGER_NODE, type FlowEdge, type FlowModel, type Pos } from "./flowDoc";

export const NODE_WIDTH = 248;
const COL = 296;
const ROW = 150;

/** layoutFlow returns a position for every node (saved ones are kept). */
export function layoutFlow(model: FlowModel, edges: FlowEdge[]): Record<string, Pos> {
  const out: Record<string, Pos> = { ...model.positions };
  const depth = new Map<string, number>([[TRIGGER_NODE, 0]]);
  const queue = [TRIGGER_NODE];
  const out_ = new Map<string, string[]>();
  for (const e of edges) out_.set(e.source, [...(out_.get(e.source) ?? []), e.target]);
  while (queue.length) {
    const n = queue.shift()!;
    for (const m of out_.get(n) ?? []) {
      if (m === END_NODE || depth.has(m)) continue;
      depth.set(m, (depth.get(n) ?? 0) + 1);
      queue.push(m);
    }
  }
  const layers = new Map<number, string[]>();
  let maxDepth = 0;
  for (const s of model.steps) {
    const d = depth.get(s.nodeId);
    if (d === undefined) continue;
    maxDepth = Math.max(maxDepth, d);
    layers.set(d, [...(layers.get(d) ?? []), s.nodeId]);
  }
  const place = (id: string, p: Pos) => {
    if (!out[id]) out[id] = p;
  };
  place(TRIGGER_NODE, { x: -NODE_WIDTH / 2, y: 0 });
  for (const [d, ids] of layers) {
    ids.forEach((id, i) => place(id, { x: (i - (ids.length - 1) / 2) * COL - NODE_WIDTH / 2, y: d * ROW }));
  }
  // steps no edge reaches: a column on the right
  const xs = Object.values(out).map((p) => p.x);
  const right = (xs.length ? Math.max(...xs) : 0) + COL;
  let row = 1;
  for (const s of model.steps) if (!depth.has(s.nodeId)) place(s.nodeId, { x: right, y: row++ * ROW });
  const ys = model.steps.map((s) => out[s.nodeId]?.y ?? 0);
  place(END_NODE, { x: -60, y: Math.max(maxDepth, ...ys.map((y) => y / ROW)) * ROW + ROW });
  return out;
}
