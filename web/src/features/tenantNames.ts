// GET /api/v1/me lists the caller's workspaces as memberships, which carry
// the tenant's id but not its name. The names this browser has seen (the
// current tenant, workspaces created here) are remembered so the switcher
// can show them; others show a short id until visited.
const KEY = "masteria.tenantNames";

function load(): Record<string, string> {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    return typeof v === "object" && v !== null ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function rememberTenantName(id: string, name: string) {
  const names = load();
  if (names[id] === name) return;
  names[id] = name;
  try {
    localStorage.setItem(KEY, JSON.stringify(names));
  } catch {
    // not remembered; the switcher falls back to the id
  }
}

export function tenantName(id: string): string | undefined {
  return load()[id];
}

/** shortId is the tail of an id, enough to tell workspaces apart. */
export function shortId(id: string): string {
  return id.length > 6 ? `…${id.slice(-6)}` : id;
}
