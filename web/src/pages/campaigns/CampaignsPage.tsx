import { Megaphone, Plus } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link, navigate } from "@/app/router";
import { PageHeader } from "@/components/common/PageHeader";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useCampaigns } from "@/features/campaigns";
import { formatDateTime } from "@/lib/format";
import { CampaignDetail } from "./CampaignDetail";
import { CampaignEdit } from "./CampaignEdit";
import { CampaignForm } from "./CampaignForm";
import { StatusBadge } from "./StatusBadge";

/** CampaignsPage is the campaigns section: the list (""), the new-campaign form ("/new"), one campaign ("/<id>") or its edit form ("/<id>/edit"). */
export default function CampaignsPage({ subpath }: { subpath: string }) {
  const rest = subpath.replace(/^\//, "");
  if (rest === "new") return <CampaignForm />;
  if (rest.endsWith("/edit")) return <CampaignEdit id={rest.slice(0, -"/edit".length)} />;
  if (rest) return <CampaignDetail id={rest} />;
  return <CampaignList />;
}

function CampaignList() {
  const { t } = useTranslation();
  const campaigns = useCampaigns();
  const newButton = (
    <Button onClick={() => navigate("/campaigns/new")}>
      <Plus aria-hidden />
      {t("campaignsPage.new")}
    </Button>
  );
  return (
    <div className="grid gap-6">
      <PageHeader title={t("nav.campaigns")} description={t("campaignsPage.description")} actions={newButton} />
      <Card>
        {campaigns.isPending ? (
          <TableSkeleton />
        ) : campaigns.isError ? (
          <ErrorState error={campaigns.error} onRetry={() => void campaigns.refetch()} />
        ) : campaigns.data.length === 0 ? (
          <EmptyState icon={Megaphone} title={t("campaignsPage.empty")} action={newButton}>
            {t("campaignsPage.emptyBody")}
          </EmptyState>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t("campaignsPage.name")}</TableHead>
                <TableHead>{t("campaignsPage.status")}</TableHead>
                <TableHead className="hidden sm:table-cell">{t("campaignsPage.channel")}</TableHead>
                <TableHead className="hidden md:table-cell">{t("campaignsPage.audience")}</TableHead>
                <TableHead className="hidden md:table-cell">{t("campaignsPage.created")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {campaigns.data.map((c) => (
                <TableRow key={c.id} data-testid={`campaign-${c.name}`}>
                  <TableCell>
                    <Link to={`/campaigns/${c.id}`} className="font-medium hover:underline">
                      {c.name}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={c.status} />
                  </TableCell>
                  <TableCell className="hidden sm:table-cell">{t(`campaignsPage.channels.${c.channel as "sms"}`, c.channel)}</TableCell>
                  <TableCell className="hidden md:table-cell">{c.audience}</TableCell>
                  <TableCell className="hidden text-muted-foreground md:table-cell">{formatDateTime(c.created_at)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
    </div>
  );
}
