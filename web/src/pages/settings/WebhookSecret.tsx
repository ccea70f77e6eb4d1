import { ShieldCheck } from "lucide-react";
import { useTranslation } from "react-i18next";
import { ShownOnce } from "@/components/common/ShownOnce";

/** WebhookSecret shows a signing secret once, with how receivers verify it. */
export function WebhookSecret({ secret }: { secret: string }) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-4">
      <ShownOnce warning={t("webhooks.secretBody")} label={t("webhooks.secretLabel")} value={secret} testId="webhook-secret" />
      <div className="flex items-start gap-2.5 rounded-lg border border-border bg-muted/40 px-3 py-2.5 text-sm">
        <ShieldCheck className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden />
        <div className="grid gap-1">
          <span className="font-medium">{t("webhooks.verifyTitle")}</span>
          <span className="text-muted-foreground">{t("webhooks.verifyBody")}</span>
        </div>
      </div>
    </div>
  );
}
