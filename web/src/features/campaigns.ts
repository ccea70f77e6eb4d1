// Server state of campaigns: the list, one campaign, the audience preview,
// control (start, pause, resume, cancel), live progress (polled, and pushed
// over the /api/v1/stream WebSocket) and the funnel.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { request, type Body, type Schemas } from "@/api/client";

export type Campaign = Schemas["Campaign"];
export type CampaignInput = Body<"/api/v1/campaigns", "post">;
export type CampaignSpec = Schemas["Spec"];
export type Audience = Schemas["Audience"];
export type Progress = Schemas["Progress"];
export type Preview = Schemas["Preview"];
export type PreviewInput = Schemas["PreviewInput"];
export type StepCounts = Schemas["StepCounts"];

export const CAMPAIGN_STATUSES = ["draft", "scheduled", "running", "paused", "completed", "cancelled"] as const;
export const campaignsKey = ["campaigns"] as const;
export const campaignKey = (id: string) => ["campaigns", id] as const;
export const progressKey = (id: string) => ["campaigns", id, "progress"] as const;

const live = (status: string | undefined) => status === "running" || status === "scheduled";

export function useCampaigns() {
  return useQuery({
    queryKey: campaignsKey,
    queryFn: ({ signal }) => request("get", "/api/v1/campaigns", { signal }),
    select: (r) => r.items,
  });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: campaignKey(id),
    queryFn: ({ signal }) => request("get", "/api/v1/campaigns/{id}", { params: { id }, signal }),
  });
}

/** useProgress polls while a campaign runs (the stream pushes in between). */
export function useProgress(id: string, status: string | undefined) {
  return useQuery({
    queryKey: progressKey(id),
    queryFn: ({ signal }) => request("get", "/api/v1/campaigns/{id}/progress", { params: { id }, signal }),
    refetchInterval: live(status) ? 3000 : false,
  });
}

export function useFunnel(id: string, status: string | undefined) {
  return useQuery({
    queryKey: ["campaigns", id, "funnel"],
    queryFn: ({ signal }) => request("get", "/api/v1/campaigns/{id}/funnel", { params: { id }, signal }),
    refetchInterval: live(status) ? 5000 : false,
  });
}

/** usePreview counts an audience on a channel; the caller debounces the input. */
export function usePreview(input: Body<"/api/v1/campaigns/preview", "post"> | null) {
  return useQuery({
    queryKey: ["campaigns", "preview", input],
    enabled: !!input,
    queryFn: ({ signal }) => request("post", "/api/v1/campaigns/preview", { body: input as Body<"/api/v1/campaigns/preview", "post">, signal }),
    placeholderData: (prev) => prev,
    retry: false,
  });
}

/** useCreateCampaign creates a campaign, or (with id) replaces the definition of one that has not started. */
export function useCreateCampaign(id?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CampaignInput) =>
      id ? request("put", "/api/v1/campaigns/{id}", { params: { id }, body }) : request("post", "/api/v1/campaigns", { body }),
    meta: { toastErrors: false }, // the form shows the fields; a toast comes from the page
    onSuccess: () => qc.invalidateQueries({ queryKey: campaignsKey }),
  });
}

export type Control = "start" | "pause" | "resume" | "cancel";

export function useControlCampaign(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: Control) => request("post", `/api/v1/campaigns/{id}/${action}` as "/api/v1/campaigns/{id}/start", { params: { id } }),
    onSuccess: (c) => {
      qc.setQueryData(campaignKey(id), c);
      void qc.invalidateQueries({ queryKey: campaignsKey });
    },
  });
}

export function useDeleteCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("delete", "/api/v1/campaigns/{id}", { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: campaignsKey }),
  });
}

/** StreamFrame is one event of /api/v1/stream. */
export type StreamFrame = { type: string; id: string; data: Record<string, unknown> };

/**
 * useCampaignStream listens on the tenant's WebSocket for one campaign's
 * events: campaign.progress replaces the progress in the cache, the others
 * refetch the campaign. It reconnects with a growing pause.
 */
export function useCampaignStream(id: string) {
  const qc = useQueryClient();
  useEffect(() => {
    let ws: WebSocket | undefined;
    let stopped = false;
    let retry = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    function connect() {
      const scheme = window.location.protocol === "https:" ? "wss" : "ws";
      ws = new WebSocket(`${scheme}://${window.location.host}/api/v1/stream`);
      ws.onopen = () => {
        retry = 0;
        void qc.invalidateQueries({ queryKey: progressKey(id) }); // what happened while away
      };
      ws.onmessage = (e) => {
        const f = parseFrame(e.data);
        if (!f || !f.type.startsWith("campaign.") || f.data.campaign_id !== id) return;
        if (f.type === "campaign.progress" && f.data.progress) {
          qc.setQueryData(progressKey(id), f.data.progress as Progress);
        } else {
          void qc.invalidateQueries({ queryKey: campaignKey(id) });
          void qc.invalidateQueries({ queryKey: progressKey(id) });
        }
      };
      ws.onclose = () => {
        if (stopped) return;
        timer = setTimeout(connect, Math.min(30_000, 1000 * 2 ** retry++));
      };
    }
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    };
  }, [id, qc]);
}

export function parseFrame(raw: unknown): StreamFrame | undefined {
  if (typeof raw !== "string") return undefined;
  try {
    const f = JSON.parse(raw) as StreamFrame;
    return typeof f.type === "string" && typeof f.data === "object" && f.data !== null ? f : undefined;
  } catch {
    return undefined;
  }
}

/** done is how many of the round's contacts have an outcome (sent, failed, suppressed, cancelled, unknown). */
export function done(p: Progress): number {
  const n = p.sent + p.failed + p.suppressed + p.cancelled + p.ambiguous;
  return Math.min(n, p.audience);
}

/** percent is the share of the audience handled, 100 once the campaign completed. */
export function percent(p: Progress): number {
  if (p.status === "completed") return 100;
  if (p.audience <= 0) return 0;
  return Math.floor((done(p) / p.audience) * 100);
}

export type Send = Schemas["Send"];
const SENDS_PAGE = 50;

/** useSends pages the send ledger (one row per recipient and step), optionally of one status; it polls while the campaign is live. */
export function useSends(id: string, filter: string, status: string | undefined) {
  return useInfiniteQuery({
    queryKey: ["campaigns", id, "sends", filter],
    queryFn: ({ signal, pageParam }) =>
      request("get", "/api/v1/campaigns/{id}/sends", {
        params: { id },
        query: { status: filter || undefined, cursor: pageParam || undefined, limit: SENDS_PAGE },
        signal,
      }),
    initialPageParam: "",
    getNextPageParam: (last) => last.next_cursor || undefined,
    refetchInterval: live(status) ? 5000 : false,
  });
}
