import { ArrowLeft, Pause, Pencil, Play, Radio, Square, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, navigate } from "@/app/router";
import { ConfirmDialog } from "@/components/common/ConfirmDialog";
import { PageHeader } from "@/components/common/PageHeader";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toast";
import {
  done,
  percent,
  useCampaign,
  useCampaignStream,
  useControlCampaign,
  useDeleteCampaign,
  useFunnel,
  useProgress,
  type Control,
  type Progress,
  type StepCounts,
} from "@/features/campaigns";
import { campaignReason } from "@/features/campaignReason";
import { formatDateTime } from "@/lib/format";
import { editable } from "./CampaignEdit";
import { SendsLedger } from "./SendsLedger";
import { StatusBadge } from "./StatusBadge";
import { sendErrorText } from "@/features/sendErrors";

const FUNNEL = ["sent", "delivered", "read", "replied"] as const;
/** funnelOf is the funnel's steps on a channel: SMS has no read receipts, so no "read" step that would stay at 0. */
function funnelOf(channel: string | undefined): readonly (typeof FUNNEL)[number][] {
  return channel === "sms" ? FUNNEL.filter((k) => k !== "read") : FUNNEL;
}
const OTHER = ["queued", "failed", "suppressed", "opted_out", "ambiguous"] as const;

/** CampaignDetail shows a campaign's live progress, its controls, its results funnel and its send ledger. */
export function CampaignDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const campaign = useCampaign(id);
  const status = campaign.data?.status;
  const progress = useProgress(id, status);
  const funnel = useFunnel(id, status);
  const control = useControlCampaign(id);
  const del = useDeleteCampaign();
  const [confirm, setConfirm] = useState<"cancel" | "delete" | null>(null);
  useCampaignStream(id);

  // The pushed progress may announce a new status before the campaign is refetched; an ended
  // campaign (completed, cancelled) never runs again, so a late frame cannot bring it back.
  const liveStatus = status === "completed" || status === "cancelled" ? status : (progress.data?.status ?? status);

  function act(a: Control) {
    control.mutate(a, {
      onSuccess: () => {
        toast.success(t(`campaignsPage.detail.done.${a}`));
        setConfirm(null);
      },
    });
  }

  if (campaign.isPending) return <Skeleton className="h-64 w-full" />;
  if (campaign.isError) {
    return (
      <Card>
        <ErrorState error={campaign.error} onRetry={() => void campaign.refetch()} />
      </Card>
    );
  }
  const c = campaign.data;
  const s = liveStatus ?? c.status;
  const why = campaignReason(c, progress.data);
  return (
    <div className="grid gap-6">
      <Link to="/campaigns" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden />
        {t("campaignsPage.back")}
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {c.name}
            <StatusBadge status={s} />
          </span>
        }
        description={`${t(`campaignsPage.channels.${c.channel as "sms"}`, c.channel)} · ${formatDateTime(c.created_at)}`}
        actions={
          <>
            {editable({ status: s, round: c.round }) && (
              <Button variant="outline" onClick={() => navigate(`/campaigns/${c.id}/edit`)}>
                <Pencil aria-hidden />
                {t("campaignsPage.detail.edit")}
              </Button>
            )}
            {s === "draft" && (
              <Button onClick={() => act("start")} loading={control.isPending}>
                <Play aria-hidden />
                {t("campaignsPage.detail.start")}
              </Button>
            )}
            {(s === "running" || s === "scheduled") && (
              <Button variant="outline" onClick={() => act("pause")} loading={control.isPending}>
                <Pause aria-hidden />
                {t("campaignsPage.detail.pause")}
              </Button>
            )}
            {s === "paused" && (
              <Button onClick={() => act("resume")} loading={control.isPending}>
                <Play aria-hidden />
                {t("campaignsPage.detail.resume")}
              </Button>
            )}
            {(s === "running" || s === "scheduled" || s === "paused") && (
              <Button variant="outline" className="text-destructive" onClick={() => setConfirm("cancel")}>
                <Square aria-hidden />
                {t("campaignsPage.detail.cancel")}
              </Button>
            )}
            {s !== "running" && (
              <Button variant="ghost" size="icon" onClick={() => setConfirm("delete")} aria-label={t("campaignsPage.detail.delete")}>
                <Trash2 aria-hidden />
              </Button>
            )}
          </>
        }
      />
      {why && (
        <p className="text-sm text-amber-700" data-testid="campaign-reason">
          {t("campaignsPage.detail.reason", { reason: why })}
        </p>
      )}
      {c.next_at && s === "scheduled" && <p className="text-sm text-muted-foreground">{t("campaignsPage.detail.nextAt", { at: formatDateTime(c.next_at) })}</p>}

      <Card>
        <CardHeader className="flex-row items-center justify-between">
          <CardTitle>{t("campaignsPage.detail.progress")}</CardTitle>
          {s === "running" && (
            <Badge variant="success">
              <Radio className="size-3 animate-pulse" aria-hidden />
              {t("campaignsPage.detail.live")}
            </Badge>
          )}
        </CardHeader>
        <CardContent>
          {progress.data ? <ProgressView p={progress.data} funnel={funnelOf(c.channel)} /> : progress.isError ? <ErrorState error={progress.error} /> : <Skeleton className="h-16" />}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>{t("campaignsPage.detail.funnel")}</CardTitle>
        </CardHeader>
        <CardContent>
          {funnel.data ? (
            funnel.data.steps.length === 0 ? (
              <p className="text-sm text-muted-foreground">{t("campaignsPage.detail.noSends")}</p>
            ) : (
              <div className="grid gap-6">
                {funnel.data.steps.map((st) => (
                  <FunnelView key={st.step} step={st} multi={funnel.data.steps.length > 1} steps={funnelOf(c.channel)} />
                ))}
              </div>
            )
          ) : funnel.isError ? (
            <ErrorState error={funnel.error} />
          ) : (
            <Skeleton className="h-32" />
          )}
        </CardContent>
      </Card>

      <SendsLedger campaignId={c.id} status={liveStatus} flow={c.kind === "flow"} />

      <ConfirmDialog
        open={confirm === "cancel"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={t("campaignsPage.detail.cancelTitle", { name: c.name })}
        body={t("campaignsPage.detail.cancelBody")}
        confirmLabel={t("campaignsPage.detail.cancel")}
        onConfirm={() => act("cancel")}
        pending={control.isPending}
      />
      <ConfirmDialog
        open={confirm === "delete"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title={t("campaignsPage.detail.deleteTitle", { name: c.name })}
        body={t("campaignsPage.detail.deleteBody")}
        confirmLabel={t("campaignsPage.detail.delete")}
        onConfirm={() =>
          del.mutate(c.id, {
            onSuccess: () => {
              toast.success(t("campaignsPage.detail.deleted"));
              navigate("/campaigns");
            },
          })
        }
        pending={del.isPending}
      />
    </div>
  );
}

function ProgressView({ p, funnel }: { p: Progress; funnel: readonly (typeof FUNNEL)[number][] }) {
  const { t } = useTranslation();
  const pct = percent(p);
  return (
    <div className="grid gap-4">
      <div className="grid gap-2">
        <div className="flex items-end justify-between gap-2">
          <span className="text-3xl font-semibold tracking-tight" data-testid="campaign-percent">
            {pct}%
          </span>
          <span className="text-sm text-muted-foreground">{t("campaignsPage.detail.ofAudience", { done: done(p), audience: p.audience })}</span>
        </div>
        <div
          className="h-3 overflow-hidden rounded-full bg-muted"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
          aria-label={t("campaignsPage.detail.progress")}
        >
          <div className="h-full rounded-full bg-primary transition-[width] duration-500" style={{ width: `${pct}%` }} />
        </div>
      </div>
      <dl className="grid grid-cols-3 gap-3 sm:grid-cols-5">
        {[...funnel, ...OTHER].map((k) => (
          <div key={k} className="rounded-lg border border-border p-3" data-testid={`count-${k}`}>
            <dt className="text-xs text-muted-foreground">{t(`campaignsPage.detail.counts.${k}`)}</dt>
            <dd className="text-lg font-semibold">{p[k]}</dd>
          </div>
        ))}
      </dl>
      {Object.keys(p.reasons).length > 0 && (
        <div className="grid gap-1">
          <p className="text-sm font-medium">{t("campaignsPage.detail.reasons")}</p>
          <ul className="flex flex-wrap gap-2">
            {Object.entries(p.reasons).map(([code, n]) => (
              <li key={code} title={sendErrorText(code) || undefined}>
                <Badge variant="destructive">
                  {code}: {n}
                </Badge>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function FunnelView({ step, multi, steps }: { step: StepCounts; multi: boolean; steps: readonly (typeof FUNNEL)[number][] }) {
  const { t } = useTranslation();
  const top = Math.max(step.total, 1);
  return (
    <div className="grid gap-2" data-testid={`funnel-${step.step}`}>
      {multi && <p className="text-sm font-medium">{step.step}</p>}
      {steps.map((k) => {
        const n = step[k];
        const w = Math.round((n / top) * 100);
        return (
          <div key={k} className="grid grid-cols-[6rem_1fr_3rem] items-center gap-3 text-sm">
            <span className="text-muted-foreground">{t(`campaignsPage.detail.counts.${k}`)}</span>
            <div className="h-6 overflow-hidden rounded bg-muted">
              <div className="h-full rounded bg-primary/80" style={{ width: `${w}%` }} />
            </div>
            <span className="text-right font-medium tabular-nums">{n}</span>
          </div>
        );
      })}
    </div>
  );
}
