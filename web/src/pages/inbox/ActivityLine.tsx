// ActivityLine is a thread's activity entry (assigned, transferred,
// resolved, reopened…): a small centered grey line, worded in the reader's
// language from the kind, actor and params the server stored.
import { useTranslation } from "react-i18next";
import type { Message } from "@/features/inbox";
import { useMembers } from "@/features/members";
import { useSession } from "@/features/session";
import { activityOf, activityText, whoFrom } from "./activity";
import { messageTime } from "./format";

export function ActivityLine({ m, contactId }: { m: Message; contactId: string }) {
  const { t } = useTranslation();
  const me = useSession();
  const members = useMembers();
  const a = activityOf(m);
  if (!a) return null;
  return (
    <p className="my-1 text-center text-xs text-muted-foreground" data-testid="activity" data-kind={a.kind}>
      <span className="rounded-full bg-muted px-2.5 py-0.5">
        {activityText(t, a, contactId, whoFrom(t, me.principal.user_id, members.data))}
        <time className="ml-1.5 opacity-70" dateTime={m.created_at}>
          {messageTime(m.created_at)}
        </time>
      </span>
    </p>
  );
}
