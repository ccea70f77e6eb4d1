import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { request, type Body } from "@/api/client";

export const apiKeysKey = ["api-keys"] as const;

export function useAPIKeys() {
  return useQuery({
    queryKey: apiKeysKey,
    queryFn: ({ signal }) => request("get", "/api/v1/api-keys", { signal }),
    select: (r) => r.items,
  });
}

/** useCreateAPIKey returns the key once, in the mutation's data; it is never cached. */
export function useCreateAPIKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<"/api/v1/api-keys", "post">) => request("post", "/api/v1/api-keys", { body }),
    gcTime: 0, // drop the key from the mutation cache as soon as the dialog lets go
    onSuccess: () => qc.invalidateQueries({ queryKey: apiKeysKey }),
  });
}

export function useRevokeAPIKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("delete", "/api/v1/api-keys/{id}", { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiKeysKey }),
  });
}
