// Where a dropped card goes, in the API's terms: after one neighbour or
// before the other, so the server can compute a key between them.

export type Columns = Record<string, string[]>; // stage ID → card IDs in order

/** placementAt names the neighbours of the card at index in a stage's final order. */
export function placementAt(stageId: string, order: string[], cardId: string): { stage_id: string; after_id?: string; before_id?: string } {
  const i = order.indexOf(cardId);
  if (i < 0) throw new Error(`card ${cardId} is not in the stage's order`);
  if (i > 0) return { stage_id: stageId, after_id: order[i - 1] };
  if (order.length > 1) return { stage_id: stageId, before_id: order[1] };
  return { stage_id: stageId };
}

/** findStage is the stage holding a card (or the stage ID itself when id is a column). */
export function findStage(cols: Columns, id: string): string | undefined {
  if (id in cols) return id;
  return Object.keys(cols).find((s) => cols[s]?.includes(id));
}

/**
 * moveBetween moves a card into another stage while it is dragged: over a
 * card it lands at that card's place (below it when dragged past its
 * middle), over an empty part of a column at the end.
 */
export function moveBetween(cols: Columns, cardId: string, overId: string, below: boolean): Columns {
  const from = findStage(cols, cardId);
  const to = findStage(cols, overId);
  if (!from || !to || from === to) return cols;
  const source = (cols[from] ?? []).filter((id) => id !== cardId);
  const target = [...(cols[to] ?? [])];
  const overIndex = target.indexOf(overId);
  const at = overIndex < 0 ? target.length : overIndex + (below ? 1 : 0);
  target.splice(at, 0, cardId);
  return { ...cols, [from]: source, [to]: target };
}

/** reorder moves a card within its stage to the place of another. */
export function reorder(cols: Columns, cardId: string, overId: string): Columns {
  const stage = findStage(cols, cardId);
  if (!stage || stage !== findStage(cols, overId) || cardId === overId) return cols;
  const list = [...(cols[stage] ?? [])];
  const from = list.indexOf(cardId);
  const to = list.indexOf(overId);
  if (from < 0 || to < 0) return cols;
  list.splice(from, 1);
  list.splice(to, 0, cardId);
  return { ...cols, [stage]: list };
}
