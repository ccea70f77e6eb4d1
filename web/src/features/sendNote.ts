// What a campaign ledger row says beside its status: why a queued send
// waits (the server keys it as wait_reason), or its last attempt's error.
import { keyedText } from "@/i18n/reasons";
import type { Send } from "./campaigns";
import { heldText, isHeld } from "./held";

/** held: the row's message is sent but WhatsApp holds it (shown muted, as a wait). */
export type SendNote = { text: string; waiting: boolean; held?: boolean };

/** sendNote words a row's wait in the UI language (the server's English for an unknown reason), says a held send is held, else shows its error code and text. */
export function sendNote(r: Send): SendNote {
  if (isHeld(r)) return { text: heldText(), waiting: false, held: true };
  const english = r.error ?? "";
  if (r.wait_reason === "paused" && r.error_code) {
    return { text: keyedText("sendWaits", "pausedAfterFailure", { code: r.error_code }, english), waiting: true };
  }
  if (r.wait_reason) return { text: keyedText("sendWaits", r.wait_reason, {}, english), waiting: true };
  return { text: r.error_code ? `${r.error_code}: ${english}` : "", waiting: false };
}
