// One QueryClient: API errors from mutations become toasts (unless a
// mutation opts out with meta.toastErrors = false), and an expired session
// anywhere sends the app back to the login page.
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isApiError, type ApiError } from "@/api/client";
import { toast } from "@/components/ui/toast";
import i18n from "@/i18n";
import { keyedText } from "@/i18n/reasons";

declare module "@tanstack/react-query" {
  interface Register {
    mutationMeta: { toastErrors?: boolean };
  }
}

/** errorTitle names an error in the UI language by its code. */
export function errorTitle(e: unknown): string {
  if (isApiError(e)) return i18n.t(`errors.codes.${e.code}`);
  return i18n.t("errors.title");
}

/**
 * errorDetail says what went wrong in the UI language: a refusal the server
 * keys with a reason is worded from it and its params; any other error shows
 * the server's message (or the network hint). Toasts, forms and error states
 * all go through here.
 */
export function errorDetail(e: unknown): string | undefined {
  if (isApiError(e)) return e.code === "network" ? i18n.t("errors.network") : keyedText("refusals", e.reason, e.params, e.message);
  return e instanceof Error ? e.message : undefined;
}

export function toastError(e: unknown) {
  toast.error(errorTitle(e), errorDetail(e));
}

export function createQueryClient(): QueryClient {
  const qc: QueryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (count, e) => !(isApiError(e) && e.status >= 400 && e.status < 500) && count < 2,
        refetchOnWindowFocus: true,
      },
    },
    queryCache: new QueryCache({
      onError: (e, query) => {
        if (query.queryKey[0] !== "me" && isUnauthenticated(e)) void qc.invalidateQueries({ queryKey: ["me"] });
      },
    }),
    mutationCache: new MutationCache({
      onError: (e, _vars, _ctx, mutation) => {
        if (isUnauthenticated(e) && mutation.options.meta?.toastErrors !== false) {
          void qc.invalidateQueries({ queryKey: ["me"] });
        }
        if (mutation.options.meta?.toastErrors === false) return;
        toastError(e);
      },
    }),
  });
  return qc;
}

function isUnauthenticated(e: unknown): e is ApiError {
  return isApiError(e) && e.code === "unauthenticated";
}
