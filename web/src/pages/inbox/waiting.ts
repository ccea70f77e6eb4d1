// How long a customer has waited for an answer, short: "12 min", "3 h", "2 d".

/** waitedMinutes is the whole minutes since iso, or -1 without a wait. */
export function waitedMinutes(iso: string | undefined, now = new Date()): number {
  const since = iso ? new Date(iso).getTime() : Number.NaN;
  if (Number.isNaN(since)) return -1;
  return Math.max(0, Math.floor((now.getTime() - since) / 60_000));
}

/** waitingFor is the time since iso, rounded down, or "" without a wait. */
export function waitingFor(iso: string | undefined, now = new Date()): string {
  const min = waitedMinutes(iso, now);
  if (min < 0) return "";
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}
