import { FileText, RefreshCw } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { useConnectionTemplates, useSyncTemplates, type Connection, type MessageTemplate } from "@/features/connections";
import { formatDateTime } from "@/lib/format";
import type { ptBR } from "@/i18n/sections/channels";
import { QualityBadge } from "./QualityBadge";

type Variant = "success" | "warning" | "destructive" | "secondary" | "outline";
type Labels = typeof ptBR.channelsPage.templates;

// Meta's review statuses and quality ratings, each with how alarming it looks.
const statusVariant: Record<keyof Labels["status"], Variant> = {
  APPROVED: "success",
  PENDING: "warning",
  IN_APPEAL: "warning",
  FLAGGED: "warning",
  PAUSED: "warning",
  LIMIT_EXCEEDED: "warning",
  REJECTED: "destructive",
  DISABLED: "destructive",
  LOCKED: "destructive",
  PENDING_DELETION: "secondary",
  DELETED: "secondary",
  ARCHIVED: "secondary",
};
const categories: Record<keyof Labels["categories"], true> = { MARKETING: true, UTILITY: true, AUTHENTICATION: true };
const headerMedia: Record<keyof Labels["headerMedia"], true> = { image: true, video: true, document: true };
const buttonKinds: Record<keyof Labels["buttonKind"], true> = { URL: true, QUICK_REPLY: true, PHONE_NUMBER: true, COPY_CODE: true };
// Meta's rejected_reason values.
const reasons: Record<keyof Labels["reason"], true> = {
  ABUSIVE_CONTENT: true, INCORRECT_CATEGORY: true, INVALID_FORMAT: true, PROMOTIONAL: true, SCAM: true, TAG_CONTENT_MISMATCH: true,
};

function known<K extends string>(table: Record<K, unknown>, v: string | undefined): v is K {
  return v !== undefined && Object.hasOwn(table, v);
}

/** TemplatesDialog lists a WhatsApp connection's message templates with their status and quality, and syncs them. */
export function TemplatesDialog({ connection, canSync, onClose }: { connection: Connection | null; canSync: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const id = connection?.id ?? "";
  const catalog = useConnectionTemplates(id, id !== "");
  const sync = useSyncTemplates(id);
  function runSync() {
    sync.mutate(undefined, { onSuccess: (c) => toast.success(t("channelsPage.templates.synced", { count: c.items.length })) });
  }
  return (
    <Dialog open={connection !== null} onOpenChange={(o) => !o && onClose()}>
      <DialogContent className="max-w-3xl" data-testid="templates-dialog">
        <DialogHeader>
          <DialogTitle>{t("channelsPage.templates.title", { name: connection?.name ?? "" })}</DialogTitle>
          <DialogDescription>{t("channelsPage.templates.description")}</DialogDescription>
        </DialogHeader>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <span className="text-xs text-muted-foreground" data-testid="templates-synced-at">
            {catalog.data?.synced_at && t("channelsPage.templates.syncedAt", { at: formatDateTime(catalog.data.synced_at) })}
          </span>
          {canSync && (
            <Button variant="outline" size="sm" onClick={runSync} loading={sync.isPending} disabled={!id}>
              {!sync.isPending && <RefreshCw aria-hidden />}
              {t("channelsPage.templates.sync")}
            </Button>
          )}
        </div>
        {catalog.isPending ? (
          <TableSkeleton />
        ) : catalog.isError ? (
          <ErrorState error={catalog.error} onRetry={() => void catalog.refetch()} />
        ) : catalog.data.items.length === 0 ? (
          <EmptyState icon={FileText} title={t("channelsPage.templates.empty")}>
            {t("channelsPage.templates.emptyBody")}
          </EmptyState>
        ) : (
          <TemplateTable items={catalog.data.items} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function TemplateTable({ items }: { items: MessageTemplate[] }) {
  const { t } = useTranslation();
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>{t("channelsPage.templates.name")}</TableHead>
          <TableHead>{t("channelsPage.templates.category")}</TableHead>
          <TableHead>{t("channelsPage.templates.statusColumn")}</TableHead>
          <TableHead>{t("channelsPage.templates.qualityColumn")}</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((tpl) => (
          <TableRow key={`${tpl.name}:${tpl.language}`} data-testid={`template-${tpl.name}-${tpl.language}`}>
            <TableCell>
              <div className="grid gap-0.5">
                <span className="font-medium break-all">{tpl.name}</span>
                <span className="text-xs text-muted-foreground">
                  {tpl.language}
                  {known(headerMedia, tpl.header) && ` · ${t(`channelsPage.templates.headerMedia.${tpl.header}`)}`}
                </span>
                {tpl.body && (
                  <span className="line-clamp-2 max-w-md text-xs text-muted-foreground" title={tpl.body} data-testid="template-body">
                    {tpl.body}
                  </span>
                )}
                {(tpl.buttons ?? []).length > 0 && (
                  <span className="text-xs text-muted-foreground" data-testid="template-buttons">
                    {t("channelsPage.templates.buttons", {
                      list: (tpl.buttons ?? [])
                        .map((b) => (known(buttonKinds, b.type) ? `${b.text} (${t(`channelsPage.templates.buttonKind.${b.type}`)})` : b.text))
                        .join(" · "),
                    })}
                  </span>
                )}
              </div>
            </TableCell>
            <TableCell className="text-muted-foreground">
              {known(categories, tpl.category) ? t(`channelsPage.templates.categories.${tpl.category}`) : tpl.category}
            </TableCell>
            <TableCell>
              <div className="grid justify-items-start gap-1">
                <TemplateStatus status={tpl.status} />
                {tpl.reason && tpl.reason !== "NONE" && (
                  <span className="max-w-48 text-xs text-muted-foreground" data-testid="template-reason">
                    {known(reasons, tpl.reason) ? t(`channelsPage.templates.reason.${tpl.reason}`) : tpl.reason}
                  </span>
                )}
              </div>
            </TableCell>
            <TableCell>
              <QualityBadge quality={tpl.quality} testId="template-quality" />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function TemplateStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  if (!known(statusVariant, status))
    return (
      <Badge variant="outline" data-testid="template-status" data-status={status}>
        {status}
      </Badge>
    );
  return (
    <Badge variant={statusVariant[status]} data-testid="template-status" data-status={status}>
      {t(`channelsPage.templates.status.${status}`)}
    </Badge>
  );
}
