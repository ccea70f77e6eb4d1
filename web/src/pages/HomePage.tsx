import { ArrowRight, CheckCheck, Eye, Inbox, KeyRound, LockKeyhole, MessageCircleReply, Plug, Send, Timer, UserPlus, type LucideIcon } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "@/app/router";
import { PageHeader } from "@/components/common/PageHeader";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { formatDuration, funnel, RANGES, useOverview, type Overview, type RangeDays } from "@/features/analytics";
import { useSession } from "@/features/session";

// The charts (Recharts) are their own chunk: the figures show first.
const Charts = lazy(() => import("./home/Charts"));

const STEPS = [
  { id: "members", to: "/settings/members", icon: UserPlus, ready: true },
  { id: "apiKeys", to: "/settings/api-keys", icon: KeyRound, ready: true },
  { id: "secrets", to: "/settings/secrets", icon: LockKeyhole, ready: true },
  { id: "channels", to: "/channels", icon: Plug, ready: false },
] as const;

export default function HomePage() {
  const { t } = useTranslation();
  const me = useSession();
  const name = me.user?.name?.split(" ")[0] || me.tenant.name;
  const [days, setDays] = useState<RangeDays>(30);
  const overview = useOverview(days);
  return (
    <div className="grid gap-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <PageHeader title={t("home.greeting", { name })} description={t("home.subtitle", { workspace: me.tenant.name })} />
        <div className="w-48">
          <Select value={String(days)} onValueChange={(v) => setDays(Number(v) as RangeDays)}>
            <SelectTrigger aria-label={t("homePage.range")}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {RANGES.map((d) => (
                <SelectItem key={d} value={String(d)}>
                  {t(`homePage.ranges.${d}`)}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      </div>

      {overview.isError ? (
        <Card>
          <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
        </Card>
      ) : (
        <Figures data={overview.data} />
      )}

      <section className="grid gap-4" aria-labelledby="setup">
        <div className="grid gap-1">
          <h2 id="setup" className="text-base font-semibold">
            {t("home.setupTitle")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("home.setupDescription")}</p>
        </div>
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {STEPS.map((s) => {
            const Icon = s.icon;
            return (
              <Link
                key={s.id}
                to={s.to}
                className="group rounded-xl border border-border bg-card p-5 shadow-xs transition-all hover:-translate-y-0.5 hover:border-primary/30 hover:shadow-md"
              >
                <div className="flex items-start justify-between">
                  <span className="flex size-10 items-center justify-center rounded-lg bg-accent text-primary">
                    <Icon className="size-5" aria-hidden />
                  </span>
                  {s.ready ? (
                    <ArrowRight className="size-4 text-muted-foreground transition-transform group-hover:translate-x-0.5 group-hover:text-primary" aria-hidden />
                  ) : (
                    <Badge variant="outline">{t("common.comingSoon")}</Badge>
                  )}
                </div>
                <p className="mt-4 font-medium">{t(`home.steps.${s.id}.title`)}</p>
                <p className="mt-1 text-sm text-muted-foreground">{t(`home.steps.${s.id}.body`)}</p>
              </Link>
            );
          })}
        </div>
      </section>
    </div>
  );
}

function Figures({ data }: { data: Overview | undefined }) {
  const { t } = useTranslation();
  const m = data?.messages;
  const f = m ? funnel(m) : undefined;
  const pctOf = (key: "delivered" | "read" | "replied") => f?.find((x) => x.key === key)?.pct ?? 0;
  return (
    <section className="grid gap-4" aria-label={t("home.kpiTitle")} data-testid="kpis" aria-busy={!data}>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
        <Kpi id="sent" icon={Send} value={m?.sent} hint={m ? `${m.received} ${t("homePage.kpis.received").toLowerCase()}` : undefined} />
        <Kpi id="delivered" icon={CheckCheck} value={m?.delivered} hint={m && t("homePage.kpis.ofSent", { pct: pctOf("delivered") })} />
        <Kpi id="read" icon={Eye} value={m?.read} hint={m && t("homePage.kpis.ofSent", { pct: pctOf("read") })} />
        <Kpi id="replied" icon={MessageCircleReply} value={m?.replied} hint={m && t("homePage.kpis.ofSent", { pct: pctOf("replied") })} />
        <Kpi
          id="response"
          icon={Timer}
          value={data ? (data.response.answered > 0 ? formatDuration(data.response.median_ms) : "—") : undefined}
          hint={
            data &&
            (data.response.answered > 0
              ? t("homePage.kpis.responseHint", { mean: formatDuration(data.response.mean_ms) })
              : t("homePage.kpis.responseNone"))
          }
        />
        <Kpi
          id="open"
          icon={Inbox}
          value={data?.conversations.open}
          to="/inbox"
          hint={data && t("homePage.kpis.openHint", { unassigned: data.conversations.unassigned, human: data.conversations.human })}
        />
      </div>
      <Suspense fallback={<ChartsSkeleton />}>{data ? <Charts data={data} /> : <ChartsSkeleton />}</Suspense>
    </section>
  );
}

function Kpi({ id, icon: Icon, value, hint, to }: { id: string; icon: LucideIcon; value: number | string | undefined; hint?: string; to?: string }) {
  const { t } = useTranslation();
  const body = (
    <>
      <div className="flex items-center justify-between gap-2 text-sm text-muted-foreground">
        <span className="truncate">{t(`homePage.kpis.${id}` as "homePage.kpis.sent")}</span>
        <Icon className="size-4 shrink-0 text-primary" aria-hidden />
      </div>
      {value === undefined ? (
        <Skeleton className="mt-2 h-7 w-16" />
      ) : (
        <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`kpi-${id}`}>
          {value}
        </p>
      )}
      {hint && <p className="mt-1 truncate text-xs text-muted-foreground">{hint}</p>}
    </>
  );
  return (
    <div className="rounded-xl border border-border bg-card p-4 shadow-xs">
      {body}
      {to && (
        <Link to={to} className="mt-1 inline-flex items-center gap-1 text-xs font-medium text-primary hover:underline">
          {t("homePage.openInbox")} <ArrowRight className="size-3" aria-hidden />
        </Link>
      )}
    </div>
  );
}

function ChartsSkeleton() {
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Skeleton className="h-72 lg:col-span-2" />
      <Skeleton className="h-72" />
    </div>
  );
}
