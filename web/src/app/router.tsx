// A small history router: the Go server answers index.html for every
// non-API path, so real URLs (/settings/members) work on reload.
import { useSyncExternalStore, type ComponentProps, type MouseEvent } from "react";

const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

if (typeof window !== "undefined") window.addEventListener("popstate", emit);

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** navigate changes the URL without a page load and re-renders subscribers. */
export function navigate(to: string, { replace = false }: { replace?: boolean } = {}) {
  const current = window.location.pathname + window.location.search;
  if (to === current) return;
  if (replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.scrollTo({ top: 0 });
  emit();
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

/** isActive reports whether a nav target covers the current path. */
export function isActive(pathname: string, to: string, exact = false): boolean {
  if (exact || to === "/") return pathname === to;
  return pathname === to || pathname.startsWith(`${to}/`);
}

type LinkProps = Omit<ComponentProps<"a">, "href"> & { to: string; replace?: boolean };

/** Link is an <a> that navigates in-app on a plain left click. */
export function Link({ to, replace, onClick, ...props }: LinkProps) {
  function handle(e: MouseEvent<HTMLAnchorElement>) {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (props.target && props.target !== "_self") return;
    e.preventDefault();
    navigate(to, { replace });
  }
  return <a href={to} onClick={handle} {...props} />;
}
