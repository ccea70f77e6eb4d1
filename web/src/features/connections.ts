// Server state of the tenant's connections (a configured use of a plugin).
// Secret config fields are write-only: they go out in a create or update
// and never come back (the view lists which are set).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { request, type Body, type Schemas } from "@/api/client";

export type Connection = Schemas["ConnectionView"];
export type ConnectionInput = Body<"/api/v1/connections", "post">;

export const connectionsKey = ["connections"] as const;

export function useConnections() {
  return useQuery({
    queryKey: connectionsKey,
    queryFn: ({ signal }) => request("get", "/api/v1/connections", { signal }),
    select: (r) => r.items,
  });
}

export function useCreateConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConnectionInput) => request("post", "/api/v1/connections", { body }),
    gcTime: 0, // the variables hold secrets: keep them no longer than needed
    meta: { toastErrors: false }, // the form shows the fields
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionsKey }),
  });
}

export function useUpdateConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Body<"/api/v1/connections/{id}", "patch"> }) =>
      request("patch", "/api/v1/connections/{id}", { params: { id }, body }),
    gcTime: 0,
    meta: { toastErrors: false },
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionsKey }),
  });
}

export function useDeleteConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("delete", "/api/v1/connections/{id}", { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionsKey }),
  });
}

/** useCheckConnection opens the connection afresh on the server and records its health. */
export function useCheckConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("post", "/api/v1/connections/{id}/check", { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionsKey }),
  });
}
