import { useTranslation } from "react-i18next";
import { smsCount } from "@/lib/smsSegments";

/**
 * SmsCounter tells how many SMS parts a text is sent as (each is billed),
 * and which characters made it Unicode (70 per part instead of 160): most
 * Portuguese accents do. variables: the text still has {{ }} placeholders.
 */
export function SmsCounter({ text, variables = false, id }: { text: string; variables?: boolean; id?: string }) {
  const { t } = useTranslation();
  const c = smsCount(text);
  const chars = [...text].length;
  return (
    <p id={id} className="text-xs text-muted-foreground" data-testid="sms-counter" aria-live="polite">
      {t("sms.count", { count: c.parts, chars })}
      {c.unicode && (
        <>
          {" · "}
          {t("sms.unicode", { chars: c.culprits.join("”, “"), perPart: c.parts > 1 ? 67 : 70, plain: c.parts > 1 ? 153 : 160 })}
        </>
      )}
      {variables && text.includes("{{") && <> · {t("sms.variables")}</>}
    </p>
  );
}
