import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { CAMPAIGN_STATUSES } from "@/features/campaigns";

const variants = {
  draft: "outline",
  scheduled: "violet",
  running: "default",
  paused: "warning",
  completed: "success",
  cancelled: "secondary",
} as const;

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = (CAMPAIGN_STATUSES as readonly string[]).includes(status) ? (status as keyof typeof variants) : undefined;
  return (
    <Badge variant={known ? variants[known] : "outline"} data-testid="campaign-status">
      {known ? t(`campaignsPage.statuses.${known}`) : status}
    </Badge>
  );
}
