// The published versions of a flow; one can be viewed or copied into the draft.
import { History } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFlowVersions, type FlowVersion } from "@/features/flows";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";

type Props = { flowId: string; open: boolean; onOpenChange: (o: boolean) => void; onRestore?: (v: FlowVersion) => void };

export function VersionsDialog({ flowId, open, onOpenChange, onRestore }: Props) {
  const { t } = useTranslation();
  const versions = useFlowVersions(flowId, open);
  const [viewing, setViewing] = useState<number | null>(null);
  const shown = versions.data?.find((v) => v.version === viewing) ?? versions.data?.[0];
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-3xl">
        <DialogHeader>
          <DialogTitle>{t("editor.versionList.title")}</DialogTitle>
          <DialogDescription>{t("editor.versionList.description")}</DialogDescription>
        </DialogHeader>
        {versions.isPending ? (
          <TableSkeleton rows={2} />
        ) : versions.isError ? (
          <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
        ) : versions.data.length === 0 ? (
          <EmptyState icon={History} title={t("editor.versionList.empty")} />
        ) : (
          <div className="grid min-h-0 gap-3 sm:grid-cols-[12rem_1fr]">
            <ul className="grid content-start gap-1" data-testid="versions">
              {versions.data.map((v) => (
                <li key={v.version}>
                  <button
                    type="button"
                    onClick={() => setViewing(v.version)}
                    className={cn(
                      "grid w-full gap-0.5 rounded-lg border px-3 py-2 text-left transition-colors",
                      shown?.version === v.version ? "border-primary/40 bg-accent" : "border-border hover:bg-muted",
                    )}
                  >
                    <span className="flex items-center gap-2">
                      <Badge variant="success">{t("flows.versionN", { version: v.version })}</Badge>
                    </span>
                    <span className="text-xs text-muted-foreground">{formatDateTime(v.created_at)}</span>
                  </button>
                </li>
              ))}
            </ul>
            {shown && (
              <div className="grid min-w-0 gap-2">
                <pre className="max-h-[50dvh] overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-[12px] leading-5 text-slate-100">{shown.source}</pre>
                {onRestore && (
                  <Button variant="outline" size="sm" className="justify-self-end" onClick={() => onRestore(shown)}>
                    {t("editor.versionList.restore")}
                  </Button>
                )}
              </div>
            )}
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
