// What a campaign ledger row says beside its status: why a queued send
// waits (the server keys it as wait_reason), or its last attempt's error.
import { keyedText } from "@/i18n/reasons";
import type { Send } from "./campaigns";
import { heldText, isHeld } from "./held";
import { sendErrorText } from "./sendErrors";

/** held: the row's message is sent but WhatsApp holds it (shown muted, as a wait); detail: the provider's own words when text explains its code. */
export type SendNote = { text: string; waiting: boolean; held?: boolean; detail?: string };

/** sendNote words a row's wait in the UI language (the server's English for an unknown reason), says a held send is held, else explains its error code (the provider's text as detail), or shows the code and the provider's text. */
export function sendNote(r: Send): SendNote {
  if (isHeld(r)) return { text: heldText(), waiting: false, held: true };
  const english = r.error ?? "";
  if (r.wait_reason === "paused" && r.error_code) {
    return { text: keyedText("sendWaits", "pausedAfterFailure", { code: r.error_code }, english), waiting: true };
  }
  if (r.wait_reason) return { text: keyedText("sendWaits", r.wait_reason, {}, english), waiting: true };
  if (!r.error_code) return { text: "", waiting: false };
  const explained = sendErrorText(r.error_code);
  if (explained) return { text: explained, waiting: false, detail: english };
  return { text: `${r.error_code}: ${english}`, waiting: false };
}
