// Server state of the Kanban: boards, their cards, moves, a card's history,
// and the contact behind a card with their latest conversation.
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { request, type Body, type Schemas } from "@/api/client";

export type Board = Schemas["Board"];
export type Stage = Schemas["Stage"];
export type Card = Schemas["Card"];
export type CardEvent = Schemas["CardEvent"];
export type Placement = Body<"/api/v1/cards/{id}/move", "post">;

export const boardsKey = ["boards"] as const;
export const cardsKey = (boardId: string) => ["boards", boardId, "cards"] as const;

export function useBoards() {
  return useQuery({
    queryKey: boardsKey,
    queryFn: ({ signal }) => request("get", "/api/v1/boards", { signal }),
    select: (r) => r.items,
  });
}

/** useCards is every card of a board in stage and card order (the API allows 5000 per page). */
export function useCards(boardId: string | undefined) {
  return useQuery({
    queryKey: cardsKey(boardId ?? ""),
    enabled: !!boardId,
    queryFn: ({ signal }) =>
      request("get", "/api/v1/boards/{id}/cards", { params: { id: boardId ?? "" }, query: { limit: 5000 }, signal }),
    select: (r) => r.items,
  });
}

export function useCreateBoard() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<"/api/v1/boards", "post">) => request("post", "/api/v1/boards", { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: boardsKey }),
  });
}

export function useCreateCard(boardId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<"/api/v1/cards", "post">) => request("post", "/api/v1/cards", { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: cardsKey(boardId) }),
  });
}

/** useMoveCard sends a drop; the board is refetched afterwards either way, so a refused move snaps back. */
export function useMoveCard(boardId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, to }: { id: string; to: Placement }) => request("post", "/api/v1/cards/{id}/move", { params: { id }, body: to }),
    onSettled: () => qc.invalidateQueries({ queryKey: cardsKey(boardId) }),
    onSuccess: (_r, v) => qc.invalidateQueries({ queryKey: ["cards", v.id, "history"] }),
  });
}

export function useCardHistory(id: string | undefined) {
  return useQuery({
    queryKey: ["cards", id ?? "", "history"],
    enabled: !!id,
    queryFn: ({ signal }) => request("get", "/api/v1/cards/{id}/history", { params: { id: id ?? "" }, signal }),
    select: (r) => r.items,
  });
}

/** useContactsByID loads the contacts behind the cards, one cached query each. */
export function useContactsByID(ids: string[]) {
  const unique = [...new Set(ids)];
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ["contacts", id],
      queryFn: ({ signal }: { signal: AbortSignal }) => request("get", "/api/v1/contacts/{id}", { params: { id }, signal }),
      staleTime: 60_000,
    })),
  });
  const out = new Map<string, Schemas["Contact"]>();
  results.forEach((r) => r.data && out.set(r.data.id, r.data));
  return out;
}

/** useLatestConversation is the contact's most recent conversation with its newest messages. */
export function useLatestConversation(contactId: string | undefined) {
  const convs = useQuery({
    queryKey: ["conversations", { contact_id: contactId }],
    enabled: !!contactId,
    queryFn: ({ signal }) =>
      request("get", "/api/v1/conversations", { query: { contact_id: contactId, limit: 1 }, signal }),
    select: (r) => r.items[0] ?? null,
  });
  const conv = convs.data ?? undefined;
  const messages = useQuery({
    queryKey: ["conversations", conv?.id ?? "", "messages"],
    enabled: !!conv,
    queryFn: ({ signal }) =>
      request("get", "/api/v1/conversations/{id}/messages", { params: { id: conv?.id ?? "" }, query: { limit: 30 }, signal }),
    select: (r) => [...r.items].reverse(),
  });
  return { conversation: convs, messages };
}

export type StagePatch = Body<"/api/v1/stages/{id}", "patch">;
export type CardPatch = Body<"/api/v1/cards/{id}", "patch">;

/** useAddStage appends a stage (or puts it after after_id); the boards are refetched. */
export function useAddStage(boardId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<"/api/v1/boards/{id}/stages", "post">) =>
      request("post", "/api/v1/boards/{id}/stages", { params: { id: boardId }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: boardsKey }),
  });
}

/** useUpdateStage renames or moves a stage. */
export function useUpdateStage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: StagePatch }) => request("patch", "/api/v1/stages/{id}", { params: { id }, body: patch }),
    onSuccess: () => qc.invalidateQueries({ queryKey: boardsKey }),
  });
}

/** useDeleteStage deletes an empty stage (the server refuses one with cards). */
export function useDeleteStage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("delete", "/api/v1/stages/{id}", { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: boardsKey }),
  });
}

/** useUpdateCard changes a card's title, value, owner or due date. */
export function useUpdateCard(boardId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: CardPatch }) => request("patch", "/api/v1/cards/{id}", { params: { id }, body: patch }),
    onSuccess: (_c, v) => {
      void qc.invalidateQueries({ queryKey: cardsKey(boardId) });
      void qc.invalidateQueries({ queryKey: ["cards", v.id, "history"] });
    },
  });
}
