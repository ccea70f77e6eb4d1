import { Plus, Webhook } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { WebhookEndpoint } from "@/api/types";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import {
  ALL,
  stateTone,
  useDeleteWebhook,
  useRotateWebhookSecret,
  useTestWebhook,
  useUpdateWebhook,
  useWebhookEndpoints,
} from "@/features/webhooks";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { CreateWebhookDialog } from "./CreateWebhookDialog";
import { WebhookDeliveries } from "./WebhookDeliveries";
import { WebhookSecret } from "./WebhookSecret";

/** WebhooksPanel lists the workspace's outbound webhook endpoints; secrets are shown once, when made. */
export function WebhooksPanel() {
  const { t } = useTranslation();
  const endpoints = useWebhookEndpoints();
  const del = useDeleteWebhook();
  const rotate = useRotateWebhookSecret();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [rotating, setRotating] = useState<WebhookEndpoint | null>(null);

  function confirmDelete() {
    if (!deleting) return;
    del.mutate(deleting.id, {
      onSuccess: () => {
        toast.success(t("webhooks.deleted"));
        setDeleting(null);
      },
    });
  }

  function closeRotation() {
    setRotating(null);
    rotate.reset();
  }

  return (
    <Card>
      <CardHeader className="flex-col gap-4 border-b border-border sm:flex-row sm:items-center sm:justify-between">
        <div className="grid gap-1">
          <CardTitle>{t("webhooks.title")}</CardTitle>
          <CardDescription>{t("webhooks.description")}</CardDescription>
        </div>
        {!endpoints.isError && (
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden />
            {t("webhooks.create")}
          </Button>
        )}
      </CardHeader>

      {endpoints.isPending ? (
        <TableSkeleton />
      ) : endpoints.isError ? (
        <ErrorState error={endpoints.error} onRetry={() => void endpoints.refetch()} />
      ) : endpoints.data.length === 0 ? (
        <EmptyState icon={Webhook} title={t("webhooks.empty")}>
          {t("webhooks.emptyBody")}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-border">
          {endpoints.data.map((e) => (
            <EndpointRow key={e.id} endpoint={e} onDelete={() => setDeleting(e)} onRotate={() => setRotating(e)} />
          ))}
        </ul>
      )}

      <CreateWebhookDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t("webhooks.deleteTitle", { name: deleting?.description || deleting?.url || "" })}
        body={t("webhooks.deleteBody")}
        confirmLabel={t("webhooks.delete")}
        onConfirm={confirmDelete}
        pending={del.isPending}
      />
      <Dialog open={rotating !== null} onOpenChange={(o) => !o && closeRotation()}>
        <DialogContent className="max-w-xl" onInteractOutside={(e) => rotate.data && e.preventDefault()}>
          <DialogHeader>
            <DialogTitle>{rotate.data ? t("webhooks.secretRotatedTitle") : t("webhooks.rotateTitle")}</DialogTitle>
            <DialogDescription className="break-all">{rotate.data ? rotating?.url : t("webhooks.rotateBody")}</DialogDescription>
          </DialogHeader>
          {rotate.data?.secret && <WebhookSecret secret={rotate.data.secret} />}
          <DialogFooter>
            {rotate.data ? (
              <Button onClick={closeRotation}>{t("webhooks.done")}</Button>
            ) : (
              <>
                <Button variant="outline" onClick={closeRotation}>
                  {t("common.cancel")}
                </Button>
                <Button loading={rotate.isPending} onClick={() => rotating && rotate.mutate(rotating.id)}>
                  {t("webhooks.rotate")}
                </Button>
              </>
            )}
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}

/** EndpointRow is one endpoint: its state, events and actions, and its deliveries on demand. */
function EndpointRow({ endpoint: e, onDelete, onRotate }: { endpoint: WebhookEndpoint; onDelete: () => void; onRotate: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateWebhook();
  const test = useTestWebhook();
  const [open, setOpen] = useState(false);
  const all = e.event_types.includes(ALL);
  const help = e.state === "gone" || e.state === "failing" ? t(`webhooks.stateHelp.${e.state}`) : undefined;

  function setEnabled(enabled: boolean) {
    update.mutate(
      { id: e.id, body: { enabled } },
      { onSuccess: () => toast.success(enabled ? t("webhooks.enabledToast") : t("webhooks.disabledToast")) },
    );
  }

  function sendTest() {
    setOpen(true);
    test.mutate(e.id);
  }

  const result = test.data;
  return (
    <li className="grid gap-3 px-4 py-4 sm:px-6" data-testid={`webhook-${e.id}`}>
      <div className="flex flex-col gap-3 lg:flex-row lg:items-start lg:justify-between">
        <div className="grid min-w-0 gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <code className="break-all font-mono text-sm font-medium" data-testid="webhook-url">
              {e.url}
            </code>
            <Badge variant={stateTone(e.state)} data-testid="webhook-state">
              {t(`webhooks.state.${e.state}` as "webhooks.state.enabled", { defaultValue: e.state })}
            </Badge>
          </div>
          {e.description && <span className="text-sm">{e.description}</span>}
          <span className="text-xs text-muted-foreground" title={e.event_types.join(", ")}>
            {all ? t("webhooks.allEventsShort") : t("webhooks.eventsCount", { count: e.event_types.length })}
            {!all && e.event_types.length <= 3 && `: ${e.event_types.join(", ")}`}
          </span>
          {help && <span className="text-xs text-amber-800">{help}</span>}
          {e.previous_secret_until && (
            <span className="text-xs text-muted-foreground">{t("webhooks.previousUntil", { when: formatDateTime(e.previous_secret_until) })}</span>
          )}
        </div>
        <div className="flex shrink-0 flex-wrap gap-1.5">
          <Button variant="outline" size="sm" onClick={sendTest} loading={test.isPending}>
            {t("webhooks.test")}
          </Button>
          <Button variant="outline" size="sm" onClick={() => setEnabled(!e.enabled)} loading={update.isPending}>
            {e.enabled ? t("webhooks.disable") : t("webhooks.enable")}
          </Button>
          <Button variant="outline" size="sm" onClick={onRotate}>
            {t("webhooks.rotate")}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setOpen(!open)} aria-expanded={open}>
            {open ? t("webhooks.hideDeliveries") : t("webhooks.showDeliveries")}
          </Button>
          <Button
            variant="ghost"
            size="sm"
            className="text-destructive hover:bg-red-50 hover:text-destructive"
            onClick={onDelete}
            aria-label={`${t("webhooks.delete")} ${e.description || e.url}`}
          >
            {t("webhooks.delete")}
          </Button>
        </div>
      </div>
      {result && (
        <p
          role="status"
          data-testid="webhook-test-result"
          className={cn(
            "rounded-md border px-3 py-2 text-sm",
            result.state === "delivered" ? "border-emerald-200 bg-emerald-50 text-emerald-800" : "border-red-200 bg-red-50 text-red-800",
          )}
        >
          {result.state === "delivered"
            ? t("webhooks.testDelivered", { status: result.last_status })
            : t("webhooks.testFailed", { error: result.last_error || String(result.last_status) })}
        </p>
      )}
      {open && (
        <div className="grid gap-2">
          <span className="text-sm font-medium">{t("webhooks.deliveries")}</span>
          <WebhookDeliveries id={e.id} enabled={e.enabled} />
        </div>
      )}
    </li>
  );
}
