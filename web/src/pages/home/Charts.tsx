// The home page's charts (Recharts, a chunk of its own): messages per day,
// the delivery funnel and leads per stage.
import { Send, SquareKanban } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Link } from "@/app/router";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { funnel, type Overview } from "@/features/analytics";
import i18n from "@/i18n";

const COLORS = { received: "#6366f1", sent: "#0f766e", read: "#f59e0b" };

function shortDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(i18n.language, { day: "2-digit", month: "short", timeZone: "UTC" }).format(Date.UTC(y!, m! - 1, d!));
}

export default function Charts({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const hasMessages = data.messages.sent + data.messages.received + data.messages.failed > 0;
  const series = data.days.map((d) => ({ ...d, label: shortDay(d.day) }));
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader>
          <CardTitle>{t("homePage.seriesTitle")}</CardTitle>
          <CardDescription>{t("homePage.seriesDescription")}</CardDescription>
        </CardHeader>
        <CardContent>
          {hasMessages ? (
            <div className="h-72" data-testid="series-chart">
              <ResponsiveContainer width="100%" height="100%">
                <AreaChart data={series} margin={{ left: -20, right: 8, top: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
                  <XAxis dataKey="label" tick={{ fontSize: 12 }} tickLine={false} axisLine={false} minTickGap={24} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 12 }} tickLine={false} axisLine={false} />
                  <Tooltip />
                  <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
                  {(["received", "sent", "read"] as const).map((k) => (
                    <Area
                      key={k}
                      type="monotone"
                      dataKey={k}
                      name={t(`homePage.kpis.${k}`)}
                      stroke={COLORS[k]}
                      fill={COLORS[k]}
                      fillOpacity={0.12}
                      strokeWidth={2}
                      isAnimationActive={false}
                    />
                  ))}
                </AreaChart>
              </ResponsiveContainer>
            </div>
          ) : (
            <EmptyState icon={Send} title={t("homePage.noMessages")} className="py-10">
              <Link to="/inbox" className="text-primary hover:underline">
                {t("homePage.openInbox")}
              </Link>
            </EmptyState>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>{t("homePage.funnelTitle")}</CardTitle>
          <CardDescription>{t("homePage.funnelDescription")}</CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="grid gap-3" data-testid="funnel">
            {funnel(data.messages).map((s) => (
              <li key={s.key} className="grid gap-1" data-step={s.key} data-value={s.value}>
                <div className="flex items-baseline justify-between text-sm">
                  <span>{t(`homePage.kpis.${s.key}`)}</span>
                  <span className="tabular-nums">
                    <span className="font-semibold">{s.value}</span> <span className="text-muted-foreground">· {s.pct}%</span>
                  </span>
                </div>
                <div className="h-2.5 overflow-hidden rounded-full bg-muted" aria-hidden>
                  <div className="h-full rounded-full bg-primary transition-[width]" style={{ width: `${s.pct}%` }} />
                </div>
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>

      <Card className="lg:col-span-3">
        <CardHeader>
          <CardTitle>{t("homePage.stagesTitle")}</CardTitle>
          <CardDescription>{t("homePage.stagesDescription")}</CardDescription>
        </CardHeader>
        <CardContent>
          {data.stages.length === 0 ? (
            <EmptyState icon={SquareKanban} title={t("homePage.stagesEmpty")} className="py-8" />
          ) : (
            <div className="h-56" data-testid="stages-chart">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart
                  data={data.stages.map((s) => ({ name: boardsOf(data) > 1 ? `${s.board} · ${s.stage}` : s.stage, cards: s.cards }))}
                  margin={{ left: -20, right: 8, top: 8 }}
                >
                  <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
                  <XAxis dataKey="name" tick={{ fontSize: 12 }} tickLine={false} axisLine={false} interval={0} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 12 }} tickLine={false} axisLine={false} />
                  <Tooltip formatter={(v) => t("homePage.cards", { count: Number(v) })} />
                  <Bar dataKey="cards" fill={COLORS.sent} radius={[4, 4, 0, 0]} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

function boardsOf(d: Overview): number {
  return new Set(d.stages.map((s) => s.board_id)).size;
}
