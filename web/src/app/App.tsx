import { Suspense } from "react";
import { AppShell } from "@/components/shell/AppShell";
import { ErrorState, Spinner } from "@/components/ui/states";
import { useMe } from "@/features/session";
import { ErrorBoundary } from "./ErrorBoundary";
import { lazyPage } from "./lazyPage";
import { Redirect } from "./Redirect";
import { isFullBleed, RouteView } from "./routes";
import { usePathname, useSearch } from "./router";

const LoginPage = lazyPage(() => import("@/pages/LoginPage"));

/** safeNext keeps a post-login target inside the app. */
export function safeNext(search: string): string {
  const next = new URLSearchParams(search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/";
}

export function App() {
  const me = useMe();
  const pathname = usePathname();
  const search = useSearch();

  if (me.isPending) return <Spinner className="min-h-dvh" />;
  if (me.isError) {
    return (
      <div className="flex min-h-dvh items-center justify-center">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data) {
    const here = pathname + search;
    return (
      <>
        {pathname !== "/login" && <Redirect to={pathname === "/" ? "/login" : `/login?next=${encodeURIComponent(here)}`} />}
        <ErrorBoundary>
          <Suspense fallback={<Spinner className="min-h-dvh" />}>
            <LoginPage />
          </Suspense>
        </ErrorBoundary>
      </>
    );
  }
  if (pathname === "/login") return <Redirect to={safeNext(search)} />;
  return (
    <AppShell fullBleed={isFullBleed(pathname)}>
      <ErrorBoundary resetKey={pathname}>
        <Suspense fallback={<Spinner className="py-24" />}>
          <RouteView pathname={pathname} />
        </Suspense>
      </ErrorBoundary>
    </AppShell>
  );
}
