// Above the composer while the agent answers a specific message: the
// message quoted, and a way out.
import { Reply, X } from "lucide-react";
import { useTranslation } from "react-i18next";
import type { Message } from "@/features/inbox";
import { quoteOf } from "./format";

export function ReplyingTo({ m, onCancel }: { m: Message; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div data-testid="replying-to" className="mb-2 flex items-start gap-2 rounded-md border-l-4 border-primary bg-muted/50 px-2 py-1.5 text-sm">
      <Reply className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden />
      <div className="min-w-0 flex-1">
        <p className="text-xs font-medium text-primary">{t("inboxPage.messageActions.replyingTo")}</p>
        <p className="line-clamp-2 break-words text-muted-foreground">{quoteOf(m)}</p>
      </div>
      <button type="button" className="rounded-sm p-0.5 text-muted-foreground hover:bg-muted" aria-label={t("inboxPage.messageActions.cancelReply")} onClick={onCancel}>
        <X className="size-4" aria-hidden />
      </button>
    </div>
  );
}
