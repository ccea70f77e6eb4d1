import { ShieldCheck, TriangleAlert } from "lucide-react";
import { useTranslation } from "react-i18next";
import { CopyButton } from "@/components/common/CopyButton";

/** WebhookSecret shows a signing secret once, with how receivers verify it. */
export function WebhookSecret({ secret }: { secret: string }) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-4">
      <div className="flex items-start gap-2.5 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
        <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>{t("webhooks.secretBody")}</span>
      </div>
      <div className="grid gap-2">
        <span className="text-sm font-medium">{t("webhooks.secretLabel")}</span>
        <div className="flex flex-col gap-2 sm:flex-row">
          <code
            data-testid="webhook-secret"
            className="flex-1 select-all break-all rounded-md border border-border bg-muted px-3 py-2 font-mono text-[13px]"
          >
            {secret}
          </code>
          <CopyButton text={secret} />
        </div>
      </div>
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
