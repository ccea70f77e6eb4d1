// A message WhatsApp's template pacing holds (Meta answered the send
// "held_for_quality_assessment"): accepted, so its status is sent, but
// waiting in Meta's hold rather than on its way. The server says held while
// the status is sent; the status is checked here too, since a live
// message.status moves the cached status on without touching held.
import i18n from "@/i18n";

/** isHeld says whether a thread message or a ledger row is still held. */
export function isHeld(x: { held?: boolean; status?: string }): boolean {
  return x.held === true && x.status === "sent";
}

/** heldText is what the inbox and the ledger say of a held send, in the UI language. */
export function heldText(): string {
  return i18n.t("sendHeld");
}
