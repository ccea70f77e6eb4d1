// Money in the UI language (values are kept in cents).
import i18n from "@/i18n";

export function formatMoney(cents: number, currency = "BRL"): string {
  try {
    return new Intl.NumberFormat(i18n.language, { style: "currency", currency: currency || "BRL" }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}
