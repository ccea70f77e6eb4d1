// Activity lines of a thread (who took, transferred, resolved or reopened
// a conversation): the server stores a kind, an actor and params; the
// dashboard words them in the reader's language.
import type { TFunction } from "i18next";
import type { Message } from "@/features/inbox";
import type ptBR from "@/i18n/pt-BR";

export type Activity = { kind: string; actor: string; params?: Record<string, string> };

type Key = keyof (typeof ptBR)["inboxLife"]["activity"];

/** isActivity tells an activity line from a message. */
export function isActivity(m: Pick<Message, "direction" | "type">): boolean {
  return m.direction === "system" && m.type === "activity";
}

/** activityOf reads an activity line's payload, or null. */
export function activityOf(m: Pick<Message, "direction" | "type" | "extra">): Activity | null {
  if (!isActivity(m)) return null;
  let v = m.extra;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (!v || typeof v !== "object" || typeof (v as Activity).kind !== "string") return null;
  const a = v as Activity;
  return { kind: a.kind, actor: typeof a.actor === "string" ? a.actor : "", params: a.params ?? {} };
}

/** Who names the people an activity mentions: a user ID (or an API key's) as the reader knows them. */
export type Who = (id: string, asObject?: boolean) => string;

/** activityKey picks the line's wording for an activity in a conversation with contactId. */
export function activityKey(a: Activity, contactId: string): Key {
  const auto = a.actor === "system" || a.actor === "";
  const p = a.params ?? {};
  const own = (k: Key, autoKey: Key): Key => (auto ? autoKey : k);
  switch (a.kind) {
    case "handoff":
      if (auto) return p.to ? "handoffTo_auto" : "handoff_auto";
      return !p.to || p.to === a.actor ? "handoff" : "handoffTo";
    case "assigned":
      if (p.from) return own("transferred", "transferred_auto");
      return p.to === a.actor ? "assignedSelf" : own("assigned", "assigned_auto");
    case "unassigned":
      return p.from === a.actor ? "unassignedSelf" : own("unassigned", "unassigned_auto");
    case "released":
      return own("released", "released_auto");
    case "resolved":
      if (auto) return "resolved_auto";
      return p.assignee && p.assignee !== a.actor ? "resolvedFrom" : "resolved";
    case "pending":
      return own("pending", "pending_auto");
    case "reopened":
      if (a.actor === contactId || a.actor.startsWith("ctc_")) return "reopenedByContact";
      return own("reopened", "reopened_auto");
  }
  return "unknown";
}

/** activityText is the line the thread shows. */
export function activityText(t: TFunction, a: Activity, contactId: string, who: Who): string {
  const p = a.params ?? {};
  return t(`inboxLife.activity.${activityKey(a, contactId)}`, {
    actor: who(a.actor),
    to: p.to ? who(p.to, true) : "",
    from: p.from ? who(p.from, true) : "",
    assignee: p.assignee ? who(p.assignee, true) : "",
  });
}

/** whoFrom names user IDs by the workspace's members: "Você" for the reader, an API key as an integration. */
export function whoFrom(t: TFunction, me: string | undefined, members: { user_id: string; name?: string; email?: string }[] | undefined): Who {
  return (id, asObject) => {
    if (me && id === me) return asObject ? t("inboxLife.actor.you").toLowerCase() : t("inboxLife.actor.you");
    if (id.startsWith("key_")) return t("inboxLife.actor.apiKey");
    const m = members?.find((x) => x.user_id === id);
    return m?.name || m?.email || t("inboxLife.actor.someone");
  };
}
