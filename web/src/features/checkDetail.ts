// A connection's detail in the UI language: the server reads the
// first-party checks' English back as keyed problems (detail_reasons), one
// per wrong setting; the dashboard words them all, or shows the English
// as it is when any one is a problem it cannot word.
import { keyedText } from "@/i18n/reasons";
import type { Connection } from "./connections";

/** checkDetail is c's detail worded from its keyed problems, or its English. */
export function checkDetail(c: Pick<Connection, "detail" | "detail_reasons">): string {
  const english = c.detail ?? "";
  const problems = c.detail_reasons ?? [];
  if (problems.length === 0) return english;
  const words = problems.map((p) => keyedText("checkProblems", p.reason, p.params, ""));
  return words.every(Boolean) ? words.join(" ") : english;
}
