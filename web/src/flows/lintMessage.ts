// A lint problem in the UI language: the server keys the problems people
// commonly meet (reason and params beside the code, which groups several);
// the others, and any the dashboard cannot word, show the server's English.
import { keyedText } from "@/i18n/reasons";
import type { Diagnostic } from "./flowDoc";

/** lintMessage is d's message worded from its reason and params, or its English. */
export function lintMessage(d: Diagnostic): string {
  return keyedText("lintProblems", d.reason, d.params, d.message);
}
