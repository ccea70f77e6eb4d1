// Short times for the inbox: "14:05" today, "ontem", "12 mar" before.
import i18n from "@/i18n";
import { sendErrorCodes } from "@/features/sendErrors";

export function listTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const sameDay = d.toDateString() === now.toDateString();
  if (sameDay) return new Intl.DateTimeFormat(i18n.language, { hour: "2-digit", minute: "2-digit" }).format(d);
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (d.toDateString() === yesterday.toDateString()) {
    return new Intl.RelativeTimeFormat(i18n.language, { numeric: "auto" }).format(-1, "day");
  }
  return new Intl.DateTimeFormat(i18n.language, { day: "2-digit", month: "short" }).format(d);
}

export function messageTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat(i18n.language, { hour: "2-digit", minute: "2-digit" }).format(d);
}

export function dayLabel(iso: string): string {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" }).format(d);
}

/** initials of a name for the avatar: "Ana Souza" → "AS". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  return ((parts[0]![0] ?? "") + (parts.length > 1 ? (parts[parts.length - 1]![0] ?? "") : "")).toUpperCase();
}

/** statusTrail is a message's delivery history as one line, each status
 * named by label and timed: "Enviada 10:01 · Entregue 10:02 · Lida 10:05". */
export function statusTrail(history: { status: string; at: string }[] | undefined, label: (status: string) => string): string {
  return (history ?? []).map((h) => `${label(h.status)} ${messageTime(h.at)}`.trim()).join(" · ");
}

export { sendErrorCodes };

/** sendErrorCode finds the provider's error code in a failed message's
 * reason ("… graph error 131047 (HTTP 400) …", "… 21610 …"), among those the
 * inbox explains; "" when none is known. */
export function sendErrorCode(reason: string | undefined, known: readonly string[] = sendErrorCodes): string {
  for (const m of (reason ?? "").matchAll(/\b\d{3,6}\b/g)) {
    if (known.includes(m[0])) return m[0];
  }
  return "";
}

/** ReplyContext is what a message answers (a quoted reply) or reacts to;
 * target is the text of that message when the thread holds it, else "". */
export type ReplyContext = { reaction?: string; target: string };

type Quotable = { type: string; text: string; reply_to?: string; extra?: unknown; provider_message_id?: string; media?: { type: string } };

/** replyContext finds what m quotes or reacts to among the thread's
 * messages, by the provider's message ID (WhatsApp's wamid). */
export function replyContext(m: Quotable, byProvider: Map<string, Quotable>): ReplyContext | null {
  const reaction = reactionOf(m);
  const id = reaction?.message_id || m.reply_to;
  if (!id) return null;
  const t = byProvider.get(id);
  const target = t ? quoteOf(t) : "";
  return reaction ? { reaction: reaction.emoji ?? "", target } : { target };
}

/** quoteOf is how a quoted message reads: its text, else its kind ("[image]"). */
export function quoteOf(m: Pick<Quotable, "type" | "text" | "media">): string {
  return m.text || `[${m.media?.type ?? m.type}]`;
}

/** reactionOf is what a reaction message says: the wamid it is on and the emoji ("" removes). */
export function reactionOf(m: Pick<Quotable, "type" | "extra">): { message_id?: string; emoji?: string } | undefined {
  return m.type === "reaction" ? (extraOf(m.extra)?.reaction as { message_id?: string; emoji?: string } | undefined) : undefined;
}

function extraOf(extra: unknown): Record<string, unknown> | null {
  let v = extra;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  return v && typeof v === "object" ? (v as Record<string, unknown>) : null;
}

// campaignOf is the campaign that sent a message (its extra names it), or "".
export function campaignOf(extra: unknown): string {
  const v = extraOf(extra);
  if (v && "campaign_id" in v) {
    const id = (v as { campaign_id?: unknown }).campaign_id;
    return typeof id === "string" ? id : "";
  }
  return "";
}

/**
 * readsFor says whether opening the thread marks it read (clearing the unread count and, on
 * WhatsApp, showing the customer blue ticks): for its assignee, or anyone who can answer while
 * nobody is assigned, never for a supervisor or colleague looking in.
 */
export function readsFor(c: { assignee_id?: string | null }, userId: string | undefined, canWrite: boolean): boolean {
  return canWrite && (!c.assignee_id || c.assignee_id === userId);
}
