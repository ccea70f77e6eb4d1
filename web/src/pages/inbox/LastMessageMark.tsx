// The mark before a conversation's preview in the list when the latest
// message is one of ours, as WhatsApp marks it: a clock while it is on its
// way, ✓ sent, ✓✓ delivered, blue ✓✓ read, and a failed send in red.
// Nothing when the customer's message is the latest.
import { Check, CheckCheck, CircleAlert, Clock, type LucideIcon } from "lucide-react";
import { useTranslation } from "react-i18next";
import { cn } from "@/lib/utils";

type Tick = { icon: LucideIcon; label: "pending" | "sent" | "delivered" | "read"; className?: string };

const ticks: Record<string, Tick> = {
  pending: { icon: Clock, label: "pending" },
  queued: { icon: Clock, label: "pending" },
  sent: { icon: Check, label: "sent" },
  delivered: { icon: CheckCheck, label: "delivered" },
  read: { icon: CheckCheck, label: "read", className: "text-sky-500" },
};

export function LastMessageMark({ status }: { status?: string }) {
  const { t } = useTranslation();
  if (status === "failed") {
    const label = t("inboxPage.lastNotSent");
    return (
      <span data-testid="last-failed" role="img" aria-label={label} title={label} className="mr-1 inline-flex items-center gap-0.5 align-text-bottom font-medium text-destructive">
        <CircleAlert className="size-3.5" aria-hidden />
        {t("inboxPage.messageStatus.failed")}
      </span>
    );
  }
  const tick = status ? ticks[status] : undefined;
  if (!tick) return null;
  const label = t(`inboxPage.lastStatus.${tick.label}`);
  const Icon = tick.icon;
  return (
    <span data-testid="last-status" data-status={tick.label} role="img" aria-label={label} title={label} className={cn("mr-1 inline-flex align-text-bottom", tick.className)}>
      <Icon className="size-3.5" aria-hidden />
    </span>
  );
}
