import { Settings } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "@/app/router";
import { SECTIONS, type SoonSectionId } from "@/app/sections";
import { PageHeader } from "@/components/common/PageHeader";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** ComingSoonPage stands in for a section whose API is not built yet (no fake data). */
export default function ComingSoonPage({ section }: { section: SoonSectionId }) {
  const { t } = useTranslation();
  const Icon = SECTIONS.find((s) => s.id === section)?.icon ?? Settings;
  const title = t(`nav.${section}`);
  return (
    <div className="grid gap-6">
      <PageHeader title={title} />
      <Card className="flex flex-col items-center gap-5 px-6 py-16 text-center">
        <div className="relative">
          <div className="absolute inset-0 rounded-2xl bg-emerald-400/20 blur-xl" />
          <div className="relative flex size-16 items-center justify-center rounded-2xl bg-gradient-to-br from-emerald-500 to-teal-700 text-white shadow-lg">
            <Icon className="size-8" aria-hidden />
          </div>
        </div>
        <Badge variant="outline">{t("common.comingSoon")}</Badge>
        <div className="grid max-w-lg gap-2">
          <h2 className="text-xl font-semibold tracking-tight">{t("soon.title", { section: title })}</h2>
          <p className="text-sm text-muted-foreground">{t(`soon.sections.${section}`)}</p>
          <p className="text-sm text-muted-foreground">{t("soon.body")}</p>
        </div>
        <Link to="/settings/members" className={buttonVariants({ variant: "outline" })}>
          <Settings aria-hidden />
          {t("soon.goSettings")}
        </Link>
      </Card>
    </div>
  );
}
