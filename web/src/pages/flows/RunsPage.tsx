// A flow's runs: filter by status, page back in time, open one to see its
// trace, cancel it, send it back to a step, or start a new one.
import { ArrowLeft, CircleAlert, Info, ListTree, Play, RotateCcw, Square, Workflow } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { can } from "@/api/types";
import { Link, navigate, usePathname, useSearch } from "@/app/router";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { PageHeader } from "@/components/common/PageHeader";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { EmptyState, ErrorState, Spinner, TableSkeleton } from "@/components/ui/states";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { RUN_STATUSES, useCancelRun, useFlow, useRetryRun, useRun, useRuns, type RunStatus } from "@/features/flows";
import { useSession } from "@/features/session";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { runReason, STATUS_VARIANT, statusLabel } from "./labels";
import { StartRunDialog } from "./StartRunDialog";
import { TraceList } from "./TraceList";

const ALL = "__all";

function shortId(id: string): string {
  return id.length > 12 ? `…${id.slice(-8)}` : id;
}

export default function RunsPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useSession();
  const agent = can(me.principal.role, "agent");
  const flow = useFlow(id);
  const pathname = usePathname();
  const search = useSearch();
  const params = new URLSearchParams(search);
  const runId = params.get("run") ?? undefined;
  const status = (params.get("status") ?? "") as RunStatus | "";
  const runs = useRuns(id, status);
  const [starting, setStarting] = useState(false);
  const items = useMemo(() => runs.data?.pages.flatMap((p) => p.items) ?? [], [runs.data]);
  const title = flow.data?.title || flow.data?.name || "";
  const published = (flow.data?.published_version ?? 0) > 0;

  function setParam(key: string, value: string | undefined) {
    const q = new URLSearchParams(search);
    if (value) q.set(key, value);
    else q.delete(key);
    const s = q.toString();
    navigate(`${pathname}${s ? `?${s}` : ""}`, { replace: true });
  }

  return (
    <div className="grid gap-6">
      <div className="grid gap-3">
        <Link to={`/flows/${id}`} className="inline-flex w-max items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" aria-hidden />
          {t("runs.backToEditor")}
        </Link>
        <PageHeader
          title={t("runs.title")}
          description={title ? t("runs.subtitle", { flow: title }) : undefined}
          actions={
            agent && (
              <Button onClick={() => setStarting(true)}>
                <Play aria-hidden />
                {t("editor.startRun")}
              </Button>
            )
          }
        />
      </div>

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
        <Card className="overflow-hidden">
          <CardHeader className="flex-row items-center justify-between gap-3 border-b border-border py-3 sm:py-3">
            <CardTitle className="text-sm">{t("runs.title")}</CardTitle>
            <Select value={status || ALL} onValueChange={(v) => setParam("status", v === ALL ? undefined : v)}>
              <SelectTrigger className="h-8 w-44 text-[13px]" aria-label={t("runs.status")}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ALL}>{t("runs.all")}</SelectItem>
                {RUN_STATUSES.map((s) => (
                  <SelectItem key={s} value={s}>
                    {statusLabel(t, s)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </CardHeader>
          {runs.isPending ? (
            <TableSkeleton rows={4} />
          ) : runs.isError ? (
            <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
          ) : items.length === 0 ? (
            <EmptyState icon={ListTree} title={t("runs.empty")}>
              {t("runs.emptyBody")}
            </EmptyState>
          ) : (
            <>
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>{t("runs.run")}</TableHead>
                    <TableHead>{t("runs.status")}</TableHead>
                    <TableHead className="hidden sm:table-cell">{t("runs.version")}</TableHead>
                    <TableHead className="hidden sm:table-cell">{t("runs.steps")}</TableHead>
                    <TableHead className="hidden md:table-cell">{t("runs.started")}</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {items.map((r) => (
                    <TableRow
                      key={r.id}
                      onClick={() => setParam("run", r.id)}
                      className={cn("cursor-pointer", r.id === runId && "bg-accent hover:bg-accent")}
                      data-testid={`run-${r.id}`}
                      data-status={r.status}
                      aria-selected={r.id === runId}
                    >
                      <TableCell>
                        <code className="font-mono text-xs" title={r.id}>
                          {shortId(r.id)}
                        </code>
                      </TableCell>
                      <TableCell>
                        <Badge variant={STATUS_VARIANT[r.status] ?? "outline"}>{statusLabel(t, r.status)}</Badge>
                        {r.error && runReason(t, r.error).known && (
                          <p className="mt-1 text-xs text-muted-foreground" data-testid="run-row-reason">
                            {runReason(t, r.error).text}
                          </p>
                        )}
                      </TableCell>
                      <TableCell className="hidden text-muted-foreground sm:table-cell">{t("flows.versionN", { version: r.version })}</TableCell>
                      <TableCell className="hidden tabular-nums text-muted-foreground sm:table-cell">{r.steps}</TableCell>
                      <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">{formatDateTime(r.created_at)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {runs.hasNextPage && (
                <div className="border-t border-border p-3 text-center">
                  <Button variant="outline" size="sm" onClick={() => void runs.fetchNextPage()} loading={runs.isFetchingNextPage}>
                    {t("runs.more")}
                  </Button>
                </div>
              )}
            </>
          )}
        </Card>

        <RunDetailCard runId={runId} agent={agent} />
      </div>

      <StartRunDialog flowId={id} flowName={title} open={starting} onOpenChange={setStarting} published={published} />
    </div>
  );
}

function RunDetailCard({ runId, agent }: { runId: string | undefined; agent: boolean }) {
  const { t } = useTranslation();
  const run = useRun(runId);
  const cancel = useCancelRun();
  const retry = useRetryRun();
  const [confirming, setConfirming] = useState(false);
  const [step, setStep] = useState<string>("");
  const stepIds = useMemo(() => [...new Set(run.data?.trace.map((s) => s.step_id) ?? [])], [run.data]);
  const failedStep = run.data?.trace.findLast((s) => s.status === "failed")?.step_id;
  useEffect(() => setStep(""), [runId]);
  const chosen = step || failedStep || stepIds[0] || "";

  if (!runId) {
    return (
      <Card className="lg:sticky lg:top-20">
        <EmptyState icon={Workflow} title={t("runs.select")} />
      </Card>
    );
  }
  return (
    <Card className="lg:sticky lg:top-20" data-testid="run-detail">
      {run.isPending ? (
        <Spinner className="py-12" />
      ) : run.isError ? (
        <ErrorState error={run.error} onRetry={() => void run.refetch()} />
      ) : (
        <>
          <CardHeader className="gap-2 border-b border-border">
            <div className="flex items-center justify-between gap-2">
              <CardTitle className="truncate font-mono text-sm" title={run.data.id}>
                {run.data.id}
              </CardTitle>
              <Badge variant={STATUS_VARIANT[run.data.status ?? ""] ?? "outline"} data-testid="run-status">
                {statusLabel(t, run.data.status ?? "")}
              </Badge>
            </div>
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs">
              <dt className="text-muted-foreground">{t("runs.version")}</dt>
              <dd>{t("flows.versionN", { version: run.data.version ?? 0 })}</dd>
              <dt className="text-muted-foreground">{t("runs.started")}</dt>
              <dd>{formatDateTime(run.data.created_at)}</dd>
              <dt className="text-muted-foreground">{t("runs.updated")}</dt>
              <dd>{formatDateTime(run.data.updated_at)}</dd>
              {run.data.status === "waiting" && run.data.wait_kind && (
                <>
                  <dt className="text-muted-foreground">{t("runs.statuses.waiting")}</dt>
                  <dd>{run.data.wait_kind}</dd>
                </>
              )}
              {run.data.wake_at && run.data.status === "waiting" && (
                <dd className="col-span-2 text-muted-foreground">{t("runs.wakeAt", { when: formatDateTime(run.data.wake_at) })}</dd>
              )}
            </dl>
            {run.data.error && <RunError error={run.data.error} />}
          </CardHeader>
          <CardContent className="grid gap-4 pt-4">
            <TraceList trace={run.data.trace} />
            {agent && (
              <div className="grid gap-2 border-t border-border pt-4">
                {(run.data.status === "ready" || run.data.status === "waiting") && (
                  <Button variant="outline" size="sm" className="justify-self-start text-destructive hover:bg-red-50 hover:text-destructive" onClick={() => setConfirming(true)}>
                    <Square aria-hidden />
                    {t("runs.cancel")}
                  </Button>
                )}
                {(run.data.status === "failed" || run.data.status === "cancelled" || run.data.status === "completed") && stepIds.length > 0 && (
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="text-xs text-muted-foreground">{t("runs.retry")}</span>
                    <Select value={chosen} onValueChange={setStep}>
                      <SelectTrigger className="h-8 w-40 font-mono text-[13px]" aria-label={t("runs.retryStep")}>
                        <SelectValue />
                      </SelectTrigger>
                      <SelectContent>
                        {stepIds.map((s) => (
                          <SelectItem key={s} value={s}>
                            {s}
                          </SelectItem>
                        ))}
                      </SelectContent>
                    </Select>
                    <Button
                      variant="outline"
                      size="sm"
                      loading={retry.isPending}
                      onClick={() =>
                        retry.mutate({ id: runId, step: chosen }, { onSuccess: () => toast.success(t("runs.retried", { step: chosen })) })
                      }
                    >
                      <RotateCcw aria-hidden />
                      {t("common.retry")}
                    </Button>
                  </div>
                )}
              </div>
            )}
          </CardContent>
        </>
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t("runs.cancelTitle")}
        body={t("runs.cancelBody")}
        confirmLabel={t("runs.cancel")}
        pending={cancel.isPending}
        onConfirm={() =>
          cancel.mutate(runId, {
            onSuccess: () => {
              toast.success(t("runs.cancelled"));
              setConfirming(false);
            },
          })
        }
      />
    </Card>
  );
}

/** RunError says why a run stopped: a known reason (a person took the
 * conversation) in the UI's words and calm colours, any other error red. */
function RunError({ error }: { error: string }) {
  const { t } = useTranslation();
  const reason = runReason(t, error);
  if (reason.known) {
    return (
      <p className="flex gap-1.5 rounded-md bg-slate-100 px-2.5 py-2 text-xs text-slate-700" data-testid="run-reason" data-reason={error}>
        <Info className="mt-0.5 size-3.5 shrink-0" aria-hidden />
        {reason.text}
      </p>
    );
  }
  return (
    <p className="flex gap-1.5 rounded-md bg-red-50 px-2.5 py-2 text-xs text-red-800">
      <CircleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden />
      {error}
    </p>
  );
}
