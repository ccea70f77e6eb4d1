import { ArrowRight, ChartNoAxesColumn, KeyRound, LockKeyhole, Plug, UserPlus } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "@/app/router";
import { PageHeader } from "@/components/common/PageHeader";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { useSession } from "@/features/session";

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
  return (
    <div className="grid gap-8">
      <PageHeader title={t("home.greeting", { name })} description={t("home.subtitle", { workspace: me.tenant.name })} />

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

      <Card>
        <CardHeader className="flex-row items-center justify-between">
          <div className="grid gap-1">
            <CardTitle>{t("home.kpiTitle")}</CardTitle>
            <CardDescription>{t("nav.inbox")} · {t("nav.campaigns")} · {t("nav.kanban")}</CardDescription>
          </div>
          <Badge variant="outline">{t("common.comingSoon")}</Badge>
        </CardHeader>
        <CardContent>
          <EmptyState icon={ChartNoAxesColumn} title={t("common.comingSoon")} className="rounded-lg border border-dashed py-10">
            {t("home.kpiEmpty")}
          </EmptyState>
        </CardContent>
      </Card>
    </div>
  );
}
