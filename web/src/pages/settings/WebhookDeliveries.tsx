import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { deliveryTone, useWebhookDeliveries } from "@/features/webhooks";
import { formatDateTime } from "@/lib/format";

/** WebhookDeliveries lists an endpoint's latest deliveries, refreshed while shown. */
export function WebhookDeliveries({ id }: { id: string }) {
  const { t } = useTranslation();
  const ds = useWebhookDeliveries(id);
  if (ds.isPending) return <TableSkeleton rows={2} />;
  if (ds.isError) return <ErrorState error={ds.error} onRetry={() => void ds.refetch()} />;
  if (ds.data.length === 0) return <p className="px-1 py-3 text-sm text-muted-foreground">{t("webhooks.deliveriesEmpty")}</p>;
  return (
    <Table data-testid={`webhook-deliveries-${id}`}>
      <TableHeader>
        <TableRow>
          <TableHead>{t("webhooks.event")}</TableHead>
          <TableHead className="hidden sm:table-cell">{t("webhooks.when")}</TableHead>
          <TableHead>{t("webhooks.stateLabel")}</TableHead>
          <TableHead>{t("webhooks.status")}</TableHead>
          <TableHead className="hidden md:table-cell">{t("webhooks.attempts")}</TableHead>
          <TableHead className="hidden md:table-cell">{t("webhooks.nextRetry")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {ds.data.map((d) => (
          <TableRow key={d.id} data-testid="webhook-delivery">
            <TableCell>
              <code className="font-mono text-xs">{d.event_type}</code>
              {d.test && (
                <Badge variant="outline" className="ml-1.5">
                  {t("webhooks.testBadge")}
                </Badge>
              )}
            </TableCell>
            <TableCell className="hidden text-muted-foreground sm:table-cell">{formatDateTime(d.created_at)}</TableCell>
            <TableCell>
              <Badge variant={deliveryTone(d.state)}>
                {t(`webhooks.deliveryState.${d.state}` as "webhooks.deliveryState.pending", { defaultValue: d.state })}
              </Badge>
            </TableCell>
            <TableCell title={d.last_error || undefined}>
              {d.last_status > 0 ? <span className="font-mono">{d.last_status}</span> : d.attempts > 0 ? t("webhooks.noAnswer") : "—"}
              {d.last_error && <span className="mt-0.5 block max-w-56 truncate text-xs text-muted-foreground">{d.last_error}</span>}
            </TableCell>
            <TableCell className="hidden md:table-cell">{d.attempts}</TableCell>
            <TableCell className="hidden text-muted-foreground md:table-cell">{d.next_attempt_at ? formatDateTime(d.next_attempt_at) : "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
