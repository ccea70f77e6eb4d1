import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { request, type Body } from "@/api/client";

export const secretsKey = ["secrets"] as const;

export function useSecrets() {
  return useQuery({
    queryKey: secretsKey,
    queryFn: ({ signal }) => request("get", "/api/v1/secrets", { signal }),
    select: (r) => r.items,
  });
}

/** usePutSecret stores or replaces a value; the value leaves the browser only in this request. */
export function usePutSecret() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<"/api/v1/secrets", "put">) => request("put", "/api/v1/secrets", { body }),
    gcTime: 0, // the value is in the mutation's variables: keep it no longer than needed
    onSuccess: () => qc.invalidateQueries({ queryKey: secretsKey }),
  });
}

export function useDeleteSecret() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("delete", "/api/v1/secrets/{id}", { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: secretsKey }),
  });
}
