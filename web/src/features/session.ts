// The session: who is logged in, in which workspace; log in and out; switch
// and create workspaces.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { isApiError, request, type Body } from "@/api/client";
import type { Me } from "@/api/types";
import { rememberTenantName } from "./tenantNames";

export const meKey = ["me"] as const;

/** fetchMe is the logged-in caller, or null when nobody is logged in. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = (await request("get", "/api/v1/me")) as unknown as Me;
    rememberTenantName(me.tenant.id, me.tenant.name);
    return me;
  } catch (e) {
    if (isApiError(e) && e.code === "unauthenticated") return null;
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, retry: false, staleTime: 60_000 });
}

/** useSession is the logged-in caller; only call it under the authenticated shell. */
export function useSession(): Me {
  const { data } = useMe();
  if (!data) throw new Error("useSession outside an authenticated page");
  return data;
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<"/api/v1/auth/login", "post">) => request("post", "/api/v1/auth/login", { body }),
    meta: { toastErrors: false },
    gcTime: 0, // the password is in the variables
    onSuccess: async () => {
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      await qc.invalidateQueries({ queryKey: meKey });
    },
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => request("post", "/api/v1/auth/logout"),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(meKey, null);
    },
  });
}

export function useSwitchTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tenantId: string) => request("post", "/api/v1/session/tenant", { body: { tenant_id: tenantId } }),
    onSuccess: async () => {
      // Everything cached belongs to the old workspace: drop it (pages show
      // their loading state, never the old tenant's data) and reload the caller.
      await Promise.all([
        qc.resetQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] }),
        qc.invalidateQueries({ queryKey: meKey }),
      ]);
    },
  });
}

export function useCreateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<"/api/v1/tenants", "post">) => request("post", "/api/v1/tenants", { body }),
    gcTime: 0, // the password is in the variables
    onSuccess: async (ws) => {
      rememberTenantName(ws.tenant.id, ws.tenant.name);
      await qc.invalidateQueries({ queryKey: meKey });
    },
  });
}
