// Why a contact import failed, in the UI language: the server keys the
// job's English message (message_reason, message_params); an unknown key
// shows the English.
import { keyedText } from "@/i18n/reasons";
import type { ImportJob } from "./contacts";

/** importMessage is the job's message worded from its key, or its English. */
export function importMessage(j: Pick<ImportJob, "message" | "message_reason" | "message_params">): string {
  return keyedText("importMessages", j.message_reason, j.message_params, j.message ?? "");
}
