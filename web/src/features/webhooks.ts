// Outbound webhooks (Settings → Webhooks): the tenant's endpoints, their
// deliveries, and the event-type choice the create dialog offers.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { request, type Body } from "@/api/client";
import type { WebhookEndpoint, WebhookEventType } from "@/api/types";

export const webhookKeys = {
  all: ["webhooks"] as const,
  endpoints: ["webhooks", "endpoints"] as const,
  eventTypes: ["webhooks", "event-types"] as const,
  deliveries: (id: string) => ["webhooks", "deliveries", id] as const,
};

export function useWebhookEndpoints() {
  return useQuery({
    queryKey: webhookKeys.endpoints,
    queryFn: ({ signal }) => request("get", "/api/v1/webhook-endpoints", { signal }),
    select: (r) => r.items,
    refetchInterval: 30_000, // the sender may turn one off (410, failing)
  });
}

export function useWebhookEventTypes() {
  return useQuery({
    queryKey: webhookKeys.eventTypes,
    queryFn: ({ signal }) => request("get", "/api/v1/webhook-event-types", { signal }),
    select: (r) => r.items,
    staleTime: Infinity,
  });
}

/** useWebhookDeliveries polls an endpoint's latest deliveries while shown. */
export function useWebhookDeliveries(id: string) {
  return useQuery({
    queryKey: webhookKeys.deliveries(id),
    queryFn: ({ signal }) => request("get", "/api/v1/webhook-endpoints/{id}/deliveries", { params: { id }, query: { limit: 20 }, signal }),
    select: (r) => r.items,
    refetchInterval: 5_000,
  });
}

/** useCreateWebhook answers with the secret once, in the mutation's data; it is never cached. */
export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<"/api/v1/webhook-endpoints", "post">) => request("post", "/api/v1/webhook-endpoints", { body }),
    gcTime: 0,
    meta: { toastErrors: false }, // the form shows them by field
    onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}

export function useUpdateWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Body<"/api/v1/webhook-endpoints/{id}", "patch"> }) =>
      request("patch", "/api/v1/webhook-endpoints/{id}", { params: { id }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}

export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("delete", "/api/v1/webhook-endpoints/{id}", { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

/** useRotateWebhookSecret answers with the new secret once; it is never cached. */
export function useRotateWebhookSecret() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("post", "/api/v1/webhook-endpoints/{id}/rotate-secret", { params: { id } }),
    gcTime: 0,
    onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}

export function useTestWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("post", "/api/v1/webhook-endpoints/{id}/test", { params: { id } }),
    onSuccess: (_, id) => qc.invalidateQueries({ queryKey: webhookKeys.deliveries(id) }),
  });
}

/**
 * useRedeliverWebhook sends a delivered or failed delivery again now (the
 * same webhook-id, one attempt more) and answers with the attempt.
 */
export function useRedeliverWebhook(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      request("post", "/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/redeliver", { params: { id, delivery_id: deliveryId } }),
    onSettled: () => qc.invalidateQueries({ queryKey: webhookKeys.deliveries(id) }),
  });
}

/** ALL is the event type that asks for every type. */
export const ALL = "*";

export type EventGroup = { group: string; types: string[] };

/** groupEventTypes groups the offered types by their group, in the server's order. */
export function groupEventTypes(types: WebhookEventType[]): EventGroup[] {
  const out: EventGroup[] = [];
  for (const t of types) {
    const g = out.find((x) => x.group === t.group);
    if (g) g.types.push(t.type);
    else out.push({ group: t.group, types: [t.type] });
  }
  return out;
}

/**
 * selectedTypes is the set of offered types an endpoint's event types
 * cover: "*" is all of them, "conversation.*" those starting so.
 */
export function selectedTypes(patterns: string[], offered: string[]): Set<string> {
  const out = new Set<string>();
  for (const t of offered) {
    for (const p of patterns) {
      if (p === ALL || p === t || (p.endsWith(".*") && t.startsWith(p.slice(0, -1)))) out.add(t);
    }
  }
  return out;
}

/** patternsFor is what to send for a selection: "*" when it holds every offered type. */
export function patternsFor(selected: Set<string>, offered: string[]): string[] {
  if (offered.length > 0 && offered.every((t) => selected.has(t))) return [ALL];
  return offered.filter((t) => selected.has(t));
}

/** toggled is the selection with types all added, or all removed when all were in it (a group's box). */
export function toggled(selected: Set<string>, types: string[]): Set<string> {
  const next = new Set(selected);
  const allIn = types.every((t) => next.has(t));
  for (const t of types) {
    if (allIn) next.delete(t);
    else next.add(t);
  }
  return next;
}

export type StateTone = "success" | "outline" | "destructive" | "warning";

/** stateTone is the badge of an endpoint's state. */
export function stateTone(state: WebhookEndpoint["state"]): StateTone {
  switch (state) {
    case "enabled":
      return "success";
    case "gone":
      return "destructive";
    case "failing":
      return "warning";
    default:
      return "outline";
  }
}

/** deliveryTone is the badge of a delivery's state. */
export function deliveryTone(state: string): StateTone {
  return state === "delivered" ? "success" : state === "failed" ? "destructive" : "warning";
}
