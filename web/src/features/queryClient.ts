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
  if (!isApiError(e)) return e instanceof Error ? e.message : undefined;
  if (e.code === "network") return i18n.t("errors.network");
  const detail = keyedText("refusals", e.reason, e.params, e.message);
  const worded = fieldErrors(e);
  // A list's parameters have no form: each is named with its problem.
  if (e.reason === "list_params_invalid" && detail !== e.message) {
    const named = Object.entries(worded).map(([p, problem]) => `${i18n.t("serverFormats.listParamProblem", { param: p, problem })}`);
    return [detail, ...named].join(" ");
  }
  // A keyed summary of one bad field says what is wrong with it too (a toast shows no form).
  const problems = Object.values(worded);
  return e.reason && detail !== e.message && problems.length === 1 ? `${detail} ${problems[0]}` : detail;
}

/**
 * fieldErrors is each bad field's problem in the UI language: worded from
 * its reason and params (error.field_reasons), or the server's English for
 * a field it does not key. Forms show these under their inputs.
 */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!isApiError(e)) return {};
  const out: Record<string, string> = {};
  for (const [field, english] of Object.entries(e.fields)) {
    const k = e.fieldReasons[field];
    out[field] = keyedText("fieldReasons", k?.reason, k?.params, english);
  }
  return out;
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
