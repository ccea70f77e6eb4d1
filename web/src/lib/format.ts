// Dates in the UI language.
import i18n from "@/i18n";

export function formatDate(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" }).format(d);
}

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

/** formatDayTime is a short day and time ("28 de nov., 14:02"), with the year when it is not this year's. */
export function formatDayTime(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const year = d.getFullYear() === new Date().getFullYear() ? undefined : "numeric";
  return new Intl.DateTimeFormat(i18n.language, { day: "numeric", month: "short", year, hour: "2-digit", minute: "2-digit" }).format(d);
}
