// The mark before a conversation's preview in the list: the latest message
// is one of ours that failed to send, in red, as WhatsApp Business marks it.
import { CircleAlert } from "lucide-react";
import { useTranslation } from "react-i18next";

export function LastMessageMark({ status }: { status?: string }) {
  const { t } = useTranslation();
  if (status !== "failed") return null;
  const label = t("inboxPage.lastNotSent");
  return (
    <span data-testid="last-failed" role="img" aria-label={label} title={label} className="mr-1 inline-flex items-center gap-0.5 align-text-bottom font-medium text-destructive">
      <CircleAlert className="size-3.5" aria-hidden />
      {t("inboxPage.messageStatus.failed")}
    </span>
  );
}
