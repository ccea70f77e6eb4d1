import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { deliveryTone, useRedeliverWebhook, useWebhookDeliveries } from "@/features/webhooks";
import { formatDateTime } from "@/lib/format";

/**
 * WebhookDeliveries lists an endpoint's latest deliveries, refreshed while
 * shown; a delivered or failed one can be sent again while the endpoint is on.
 */
export function WebhookDeliveries({ id, enabled }: { id: string; enabled: boolean }) {
  const { t } = useTranslation();
  const ds = useWebhookDeliveries(id);
  const redeliver = useRedeliverWebhook(id);

  function resend(deliveryId: string) {
    redeliver.mutate(deliveryId, {
      onSuccess: (d) =>
        d.state === "delivered"
          ? toast.success(t("webhooks.redelivered", { status: d.last_status }))
          : toast.error(t("webhooks.redeliverFailed", { error: d.last_error || String(d.last_status) })),
    });
  }

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
          <TableHead>
            <span className="sr-only">{t("webhooks.actions")}</span>
          </TableHead>
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
            <TableCell className="text-right">
              {/* the hint sits on a wrapper: a disabled button takes no pointer */}
              <span className="inline-block" title={!enabled ? t("webhooks.redeliverOff") : d.state === "pending" ? t("webhooks.redeliverPending") : undefined}>
                <Button
                  variant="outline"
                  size="sm"
                  disabled={!enabled || d.state === "pending" || (redeliver.isPending && redeliver.variables !== d.id)}
                  loading={redeliver.isPending && redeliver.variables === d.id}
                  onClick={() => resend(d.id)}
                >
                  {t("webhooks.redeliver")}
                </Button>
              </span>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
