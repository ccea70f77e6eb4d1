import { useTranslation } from "react-i18next";
import { Link } from "@/app/router";
import { Card, CardContent } from "@/components/ui/card";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { useCampaign, type Campaign } from "@/features/campaigns";
import { CampaignForm } from "./CampaignForm";

/** editable: only a campaign that has not started changes (the server refuses the others too). */
export const editable = (c: Pick<Campaign, "status" | "round">) => (c.status === "draft" || c.status === "scheduled") && c.round === 0;

/** CampaignEdit loads a campaign into the form, or says why it can no longer change. */
export function CampaignEdit({ id }: { id: string }) {
  const { t } = useTranslation();
  const campaign = useCampaign(id);
  if (campaign.isPending) return <Skeleton className="h-64 w-full" />;
  if (campaign.isError) {
    return (
      <Card>
        <ErrorState error={campaign.error} onRetry={() => void campaign.refetch()} />
      </Card>
    );
  }
  if (!editable(campaign.data)) {
    return (
      <Card>
        <CardContent className="grid gap-2 py-6 text-sm">
          <p>{t("campaignsPage.form.notEditable")}</p>
          <Link to={`/campaigns/${id}`} className="text-primary hover:underline">
            {t("campaignsPage.back")}
          </Link>
        </CardContent>
      </Card>
    );
  }
  return <CampaignForm key={`${campaign.data.id}-${campaign.data.rev}`} campaign={campaign.data} />;
}
