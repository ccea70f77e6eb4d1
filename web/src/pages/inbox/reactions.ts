// Reactions and reply-to in the thread: which messages an agent can
// answer or react to, and the reactions each message carries.
import { reactionOf } from "./format";

/** reactionEmojis are the picker's choices, WhatsApp's own quick six. */
export const reactionEmojis = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;

type ThreadMessage = {
  direction: string;
  type: string;
  status?: string;
  extra?: unknown;
  provider_message_id?: string;
};

/** Reactions are the reaction each side has on a message now. */
export type Reactions = { theirs?: string; ours?: string };

/** reactionsOn is each side's latest reaction, by the wamid of the message
 * it is on, reading the thread in order: a removal ("") clears it, and one
 * that failed to send never reached the customer. */
export function reactionsOn(items: ThreadMessage[]): Map<string, Reactions> {
  const out = new Map<string, Reactions>();
  for (const m of items) {
    const r = reactionOf(m);
    if (!r?.message_id || m.status === "failed") continue;
    const side = m.direction === "in" ? "theirs" : "ours";
    out.set(r.message_id, { ...out.get(r.message_id), [side]: r.emoji || undefined });
  }
  return out;
}

/** onTarget tells whether a message shows only as a reaction on the message
 * it is on: either side's reaction when that message is in the thread, as a
 * chip under it (one of ours that failed stays a bubble, with why; one on a
 * message not loaded stays a bubble quoting what it can). */
export function onTarget(m: ThreadMessage, inThread: (wamid: string) => boolean): boolean {
  const r = reactionOf(m);
  return m.direction !== "note" && m.status !== "failed" && Boolean(r?.message_id && inThread(r.message_id));
}

type Conversation = { channel: string; window_open: boolean; consent?: { reachable: boolean } };

/** actionsFor is what an agent may do with a message: answer it quoting it,
 * and (a customer's message) react to it. Only WhatsApp quotes and reacts,
 * both are free-form messages (the 24-hour window and consent apply), and the
 * message must have reached WhatsApp: notes and reactions never qualify. */
export function actionsFor(m: ThreadMessage, c: Conversation): { reply: boolean; react: boolean } {
  const sendable = c.channel === "whatsapp" && c.window_open && c.consent?.reachable !== false;
  const target = sendable && m.direction !== "note" && m.type !== "reaction" && Boolean(m.provider_message_id);
  return { reply: target, react: target && m.direction === "in" };
}
