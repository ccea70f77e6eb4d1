// The home page's figures: GET /api/v1/analytics/overview.
import { useQuery } from "@tanstack/react-query";
import { request, type Schemas } from "@/api/client";
import i18n from "@/i18n";

export type Overview = Schemas["Overview"];

/** RANGES are the periods the home page offers, in days. */
export const RANGES = [7, 30, 90] as const;
export type RangeDays = (typeof RANGES)[number];

export function useOverview(days: RangeDays) {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  return useQuery({
    queryKey: ["analytics", "overview", days, tz],
    queryFn: ({ signal }) => {
      const to = new Date();
      const from = new Date(to.getTime() - days * 86_400_000);
      return request("get", "/api/v1/analytics/overview", { signal, query: { from: from.toISOString(), to: to.toISOString(), tz } });
    },
    staleTime: 60_000,
  });
}

/** funnel is the delivery funnel with each step's share of messages sent. */
export function funnel(m: Overview["messages"]) {
  const pct = (n: number) => (m.sent > 0 ? Math.round((n / m.sent) * 1000) / 10 : 0);
  return [
    { key: "sent", value: m.sent, pct: m.sent > 0 ? 100 : 0 },
    { key: "delivered", value: m.delivered, pct: pct(m.delivered) },
    { key: "read", value: m.read, pct: pct(m.read) },
    { key: "replied", value: m.replied, pct: pct(m.replied) },
  ] as const;
}

/** formatDuration prints milliseconds as "0,4 s", "45 s", "3 min", "2 h 5 min" (decimals in the UI language). */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(Math.round(ms / 100) / 10).toLocaleString(i18n.language)} s`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
}
