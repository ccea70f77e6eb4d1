// How long a customer has waited for an answer, short: "12 min", "3 h", "2 d".

/** waitingFor is the time since iso, rounded down, or "" without a wait. */
export function waitingFor(iso: string | undefined, now = new Date()): string {
  if (!iso) return "";
  const since = new Date(iso).getTime();
  if (Number.isNaN(since)) return "";
  const min = Math.max(0, Math.floor((now.getTime() - since) / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}
