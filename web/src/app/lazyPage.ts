import { lazy, type ComponentType } from "react";

const RELOADED = "masteria.chunkReload";

/**
 * lazyPage is React.lazy for a route's chunk. A chunk that fails to load
 * usually means a new version was deployed while this tab kept the old
 * index: reload once to pick up the new build; fail for real the second time.
 */
export function lazyPage<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  return lazy(async () => {
    try {
      const mod = await load();
      sessionStorage.removeItem(RELOADED);
      return mod;
    } catch (e) {
      if (!sessionStorage.getItem(RELOADED)) {
        sessionStorage.setItem(RELOADED, "1");
        window.location.reload();
        return new Promise<never>(() => {});
      }
      throw e;
    }
  });
}
