import { CircleAlert, Phone, RefreshCw } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/states";
import { useConnectionNumber } from "@/features/connections";
import { errorDetail } from "@/features/queryClient";
import type { ptBR } from "@/i18n/sections/channels";
import { QualityBadge } from "./QualityBadge";

type Tier = keyof typeof ptBR.channelsPage.number.tiers;
const tiers: Record<Tier, true> = { TIER_250: true, TIER_2K: true, TIER_10K: true, TIER_100K: true, TIER_UNLIMITED: true };

/** displayNumber writes a number Meta gave as bare digits in international form (+15550783881); formatted ones stay. */
function displayNumber(n: string): string {
  return /^\d+$/.test(n) ? `+${n}` : n;
}

/**
 * WhatsAppNumberHealth is a WhatsApp connection's number on its card: the number and verified
 * name, its quality rating and the portfolio's messaging limit, as WhatsApp reports them now;
 * when WhatsApp cannot be asked, why, in place of the facts.
 */
export function WhatsAppNumberHealth({ id }: { id: string }) {
  const { t } = useTranslation();
  const number = useConnectionNumber(id, id !== "");
  if (number.isPending)
    return (
      <div className="grid gap-1.5" data-testid="whatsapp-number" aria-busy="true" aria-label={t("channelsPage.number.loading")}>
        <Skeleton className="h-4 w-40" />
        <Skeleton className="h-4 w-56 max-w-full" />
      </div>
    );
  if (number.isError)
    return (
      <div className="flex items-start gap-2 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900" data-testid="whatsapp-number" role="status">
        <CircleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden />
        <p className="min-w-0 flex-1 break-words" data-testid="whatsapp-number-error">
          {t("channelsPage.number.unavailable")} {errorDetail(number.error)}
        </p>
        <Button variant="ghost" size="icon-sm" className="-my-1 shrink-0" onClick={() => void number.refetch()} aria-label={t("channelsPage.number.retry")}>
          <RefreshCw aria-hidden />
        </Button>
      </div>
    );
  const n = number.data;
  const tier = n.messaging_limit;
  return (
    <div className="grid min-w-0 gap-2 text-sm" data-testid="whatsapp-number">
      <div className="flex min-w-0 flex-wrap items-center justify-between gap-x-3 gap-y-1">
        <div className="flex min-w-0 items-center gap-2">
          <Phone className="size-4 shrink-0 text-muted-foreground" aria-label={t("channelsPage.number.label")} />
          <div className="grid min-w-0">
            <span className="truncate font-medium" data-testid="whatsapp-number-display">
              {displayNumber(n.display_phone_number)}
            </span>
            {n.verified_name && (
              <span className="truncate text-xs text-muted-foreground" data-testid="whatsapp-number-name">
                {n.verified_name}
              </span>
            )}
          </div>
        </div>
        <span className="flex items-center gap-1.5 text-xs text-muted-foreground">
          {t("channelsPage.number.quality")}
          <QualityBadge quality={n.quality_rating} testId="whatsapp-number-quality" />
        </span>
      </div>
      <div className="grid gap-0.5">
        <span className="text-xs text-muted-foreground">{t("channelsPage.number.limit")}</span>
        <span className="font-medium" data-testid="whatsapp-number-limit">
          {!tier ? t("channelsPage.number.limitUnknown") : Object.hasOwn(tiers, tier) ? t(`channelsPage.number.tiers.${tier as Tier}`) : tier}
        </span>
        <span className="text-xs text-muted-foreground">{t("channelsPage.number.limitHint")}</span>
      </div>
    </div>
  );
}
