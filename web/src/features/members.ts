import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { request, type Body } from "@/api/client";
import { meKey } from "./session";

export const membersKey = ["members"] as const;

export function useMembers() {
  return useQuery({
    queryKey: membersKey,
    queryFn: ({ signal }) => request("get", "/api/v1/members", { signal }),
    select: (r) => r.items,
  });
}

export function useAddMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<"/api/v1/members", "post">) => request("post", "/api/v1/members", { body }),
    gcTime: 0, // the initial password is in the variables
    onSuccess: () => qc.invalidateQueries({ queryKey: membersKey }),
  });
}

export function useSetMemberRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: string }) =>
      request("patch", "/api/v1/members/{id}", { params: { id: userId }, body: { role } }),
    onSettled: async () => {
      await qc.invalidateQueries({ queryKey: membersKey });
      await qc.invalidateQueries({ queryKey: meKey });
    },
  });
}

export function useRemoveMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => request("delete", "/api/v1/members/{id}", { params: { id: userId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: membersKey }),
  });
}
