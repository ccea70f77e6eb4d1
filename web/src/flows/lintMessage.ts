// A lint problem in the UI language: the server keys the problems people
// commonly meet (reason and params beside the code, which groups several);
// the others, and any the dashboard cannot word, show the server's English.
import type { ApiError } from "@/api/client";
import { keyedText } from "@/i18n/reasons";
import type { Diagnostic } from "./flowDoc";

/** lintMessage is d's message worded from its reason and params, or its English. */
export function lintMessage(d: Diagnostic): string {
  return keyedText("lintProblems", d.reason, d.params, d.message);
}

/**
 * publishProblems is a refused publish's problems by path, each worded from
 * the lint reason the server keys it with (field_reasons), or its English
 * without the "file:line:col: code: " and " (at path)" around it.
 */
export function publishProblems(e: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(e.fields)) {
    const english = text.replace(/^.*?:\d+:\d+: [a-z-]+: /, "").replace(/ \(at [^)]*\)$/, "");
    const k = e.fieldReasons[path];
    out[path] = keyedText("lintProblems", k?.reason, k?.params, english);
  }
  return out;
}
