import { CircleAlert, CircleCheck, CircleDashed, FileText, KeyRound, Link2, Pencil, Plug, Plus, RefreshCw, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { CopyButton } from "@/components/common/CopyButton";
import { PageHeader } from "@/components/common/PageHeader";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import { can } from "@/api/types";
import {
  canConnectWebhooks,
  hasTemplates,
  hasWhatsAppNumber,
  useCheckConnection,
  useConnections,
  useConnectWebhooks,
  useDeleteConnection,
  type Connection,
} from "@/features/connections";
import { checkDetail } from "@/features/checkDetail";
import { usePlugins } from "@/features/plugins";
import { useSession } from "@/features/session";
import { formatDateTime } from "@/lib/format";
import { ConnectionDialog, PluginIcon } from "./ConnectionDialog";
import { TemplatesDialog } from "./TemplatesDialog";
import { WhatsAppNumberHealth } from "./WhatsAppNumberHealth";

/** ChannelsPage lists the workspace's connections with their health, and connects new ones. */
export default function ChannelsPage({ subpath }: { subpath: string }) {
  void subpath; // one view: connections are edited in a dialog
  const { t } = useTranslation();
  const connections = useConnections();
  const plugins = usePlugins();
  const [dialog, setDialog] = useState<{ editing?: Connection } | null>(null);
  const [removing, setRemoving] = useState<Connection | null>(null);
  const [templatesOf, setTemplatesOf] = useState<Connection | null>(null);
  const me = useSession();
  const del = useDeleteConnection();
  const connect = (
    <Button onClick={() => setDialog({})} disabled={!plugins.data}>
      <Plus aria-hidden />
      {t("channelsPage.connect")}
    </Button>
  );

  return (
    <div className="grid gap-6">
      <PageHeader title={t("nav.channels")} description={t("channelsPage.description")} actions={connect} />
      {connections.isPending || plugins.isPending ? (
        <Card>
          <TableSkeleton />
        </Card>
      ) : connections.isError || plugins.isError ? (
        <Card>
          <ErrorState
            error={connections.error ?? plugins.error}
            onRetry={() => {
              void connections.refetch();
              void plugins.refetch();
            }}
          />
        </Card>
      ) : connections.data.length === 0 ? (
        <Card>
          <EmptyState icon={Plug} title={t("channelsPage.empty")} action={connect}>
            {t("channelsPage.emptyBody")}
          </EmptyState>
        </Card>
      ) : (
        <div className="grid gap-4 md:grid-cols-[repeat(2,minmax(0,1fr))]">
          {connections.data.map((c) => (
            <ConnectionCard
              key={c.id}
              c={c}
              pluginTitle={plugins.data.find((p) => p.manifest.id === c.plugin_id)?.manifest.title ?? c.plugin_id ?? ""}
              icon={<PluginIcon plugin={plugins.data.find((p) => p.manifest.id === c.plugin_id)} className="size-5" />}
              onEdit={() => setDialog({ editing: c })}
              onRemove={() => setRemoving(c)}
              onTemplates={hasTemplates(plugins.data.find((p) => p.manifest.id === c.plugin_id)) ? () => setTemplatesOf(c) : undefined}
              number={hasWhatsAppNumber(plugins.data.find((p) => p.manifest.id === c.plugin_id))}
              hooks={canConnectWebhooks(plugins.data.find((p) => p.manifest.id === c.plugin_id)) && can(me.principal.role, "admin")}
            />
          ))}
        </div>
      )}
      <ConnectionDialog open={dialog !== null} plugins={plugins.data ?? []} editing={dialog?.editing} onClose={() => setDialog(null)} />
      <TemplatesDialog connection={templatesOf} canSync={can(me.principal.role, "agent")} onClose={() => setTemplatesOf(null)} />
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={t("channelsPage.removeTitle", { name: removing?.name ?? "" })}
        body={t("channelsPage.removeBody")}
        confirmLabel={t("channelsPage.remove")}
        pending={del.isPending}
        onConfirm={() => {
          const c = removing;
          if (!c?.id) return;
          del.mutate(c.id, {
            onSuccess: () => {
              toast.success(t("channelsPage.removed", { name: c.name }));
              setRemoving(null);
            },
          });
        }}
      />
    </div>
  );
}

function StatusBadge({ status }: { status: string | undefined }) {
  const { t } = useTranslation();
  if (status === "ok")
    return (
      <Badge variant="success" data-testid="connection-status">
        <CircleCheck className="size-3" aria-hidden />
        {t("channelsPage.status.ok")}
      </Badge>
    );
  if (status === "error")
    return (
      <Badge variant="destructive" data-testid="connection-status">
        <CircleAlert className="size-3" aria-hidden />
        {t("channelsPage.status.error")}
      </Badge>
    );
  return (
    <Badge variant="outline" data-testid="connection-status">
      <CircleDashed className="size-3" aria-hidden />
      {t("channelsPage.status.new")}
    </Badge>
  );
}

function ConnectionCard({
  c,
  pluginTitle,
  icon,
  onEdit,
  onRemove,
  onTemplates,
  number,
  hooks,
}: {
  c: Connection;
  pluginTitle: string;
  icon: React.ReactNode;
  onEdit: () => void;
  onRemove: () => void;
  /** Opens the connection's message templates; absent when its plugin has none. */
  onTemplates?: () => void;
  /** Shows the connection's WhatsApp number, its quality and messaging limit (the plugin reads them). */
  number?: boolean;
  /** Offers to point the provider's webhooks here (the plugin takes webhooks, the user is an admin). */
  hooks?: boolean;
}) {
  const { t } = useTranslation();
  const check = useCheckConnection();
  const connectHooks = useConnectWebhooks();
  function runConnectHooks() {
    if (!c.id) return;
    connectHooks.mutate(c.id, {
      onSuccess: (r) => toast.success(t("channelsPage.webhooks.connected", { name: c.name }), t("channelsPage.webhooks.connectedBody", { target: r.target, url: r.url })),
    });
  }
  const webhook = `${window.location.origin}${c.webhook_path}`;
  function runCheck() {
    if (!c.id) return;
    check.mutate(c.id, {
      onSuccess: (r) =>
        r.status === "ok"
          ? toast.success(t("channelsPage.checked.ok", { name: r.name }))
          : toast.error(t("channelsPage.checked.error", { name: r.name }), checkDetail(r)),
    });
  }
  return (
    <Card className="grid min-w-0 content-start gap-4 p-5" data-testid={`connection-${c.name}`}>
      <div className="flex items-start justify-between gap-3">
        <div className="flex min-w-0 items-start gap-3">
          <div className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-accent text-primary">{icon}</div>
          <div className="grid min-w-0 gap-0.5">
            <h2 className="truncate font-semibold">{c.name}</h2>
            <p className="text-sm text-muted-foreground">{pluginTitle}</p>
          </div>
        </div>
        <StatusBadge status={c.status} />
      </div>
      {c.status === "error" && c.detail && (
        <p className="rounded-md bg-red-50 px-3 py-2 text-xs break-words text-red-800" data-testid="connection-detail">
          {checkDetail(c)}
        </p>
      )}
      {number && c.id && <WhatsAppNumberHealth id={c.id} />}
      <dl className="grid min-w-0 gap-2 text-sm">
        <div className="grid min-w-0 gap-1">
          <dt className="text-xs text-muted-foreground">{t("channelsPage.webhook")}</dt>
          <dd className="flex min-w-0 items-center gap-1">
            <code className="min-w-0 flex-1 truncate rounded bg-muted px-2 py-1 font-mono text-xs">{webhook}</code>
            <CopyButton text={webhook} variant="ghost" size="sm" className="shrink-0" />
          </dd>
        </div>
        <div className="grid gap-1">
          <dt className="text-xs text-muted-foreground">{t("channelsPage.secretsSet")}</dt>
          <dd className="flex flex-wrap gap-1">
            {c.secrets_set.length === 0 ? (
              <span className="text-muted-foreground">{t("channelsPage.noSecrets")}</span>
            ) : (
              [...c.secrets_set].sort().map((s) => (
                <Badge key={s} variant="secondary">
                  <KeyRound className="size-3" aria-hidden />
                  {s}
                </Badge>
              ))
            )}
          </dd>
        </div>
      </dl>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-xs text-muted-foreground">{t("channelsPage.updated", { at: formatDateTime(c.updated_at) })}</span>
        <div className="flex flex-wrap gap-1">
          {onTemplates && (
            <Button variant="outline" size="sm" onClick={onTemplates} aria-label={t("channelsPage.templates.openFor", { name: c.name })}>
              <FileText aria-hidden />
              {t("channelsPage.templates.open")}
            </Button>
          )}
          {hooks && (
            <Button variant="outline" size="sm" onClick={runConnectHooks} loading={connectHooks.isPending}>
              {!connectHooks.isPending && <Link2 aria-hidden />}
              {t("channelsPage.webhooks.connect")}
            </Button>
          )}
          <Button variant="outline" size="sm" onClick={runCheck} loading={check.isPending}>
            {!check.isPending && <RefreshCw aria-hidden />}
            {t("channelsPage.check")}
          </Button>
          <Button variant="ghost" size="sm" onClick={onEdit}>
            <Pencil aria-hidden />
            {t("channelsPage.edit")}
          </Button>
          <Button variant="ghost" size="icon-sm" className="text-destructive" onClick={onRemove} aria-label={`${t("channelsPage.remove")} ${c.name}`}>
            <Trash2 aria-hidden />
          </Button>
        </div>
      </div>
    </Card>
  );
}
