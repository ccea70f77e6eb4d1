// Moving a stage one place left or right, as the API's after_id/before_id.
import type { StagePatch } from "@/features/kanban";

/** stageStep is the patch that moves stage id one place in dir, or null at that end of the board. */
export function stageStep(order: string[], id: string, dir: "left" | "right"): StagePatch | null {
  const i = order.indexOf(id);
  if (i < 0) return null;
  if (dir === "left") {
    const prev = order[i - 1];
    return prev === undefined ? null : { before_id: prev };
  }
  const next = order[i + 1];
  return next === undefined ? null : { after_id: next };
}
