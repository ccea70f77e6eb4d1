// Server state of flows and runs (TanStack Query).
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { request, type Body, type Schemas } from "@/api/client";
import type { JSONSchema } from "@/flows/schema";

export type Flow = Schemas["Flow"];
export type Draft = Schemas["Draft"];
export type FlowVersion = Schemas["FlowVersion"];
export type Diagnostic = Schemas["Diagnostic"];
export type Run = Schemas["Run"];
export type RunDetail = Schemas["RunDetail"];
export type RunStep = Schemas["RunStep"];
export type TestResult = Schemas["TestResult"];
/**
 * ManualStart is POST /flows/{id}/runs as the server reads it. The OpenAPI
 * document names flow.Contact and flow.Message like the CRM's Contact and
 * Message, so its ManualStart points at those; the body is cast where sent.
 */
export type ManualStart = {
  contact?: { first_name?: string; name?: string; phone?: string; email?: string };
  message?: { text?: string; channel?: string };
  params?: Record<string, unknown>;
  vars?: Record<string, unknown>;
  idempotency_key?: string;
};

/**
 * TestGiven is the dry run's starting point as the server reads it
 * (lower-case keys, all optional). The OpenAPI document spells flow.Given
 * with Go field names (At, Mocks…), so the body is cast where it is sent.
 */
export type TestGiven = {
  message?: { text?: string; channel?: string };
  contact?: { first_name?: string; name?: string; phone?: string };
  mocks?: Record<string, { output?: Record<string, unknown>; error?: string }>;
  vars?: Record<string, unknown>;
};

export const RUN_STATUSES = ["ready", "waiting", "completed", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const flowsKey = ["flows"] as const;
export const flowKey = (id: string) => ["flows", id] as const;
const runsKey = (flowId: string) => ["runs", flowId] as const;

export function useFlows() {
  return useQuery({
    queryKey: flowsKey,
    queryFn: ({ signal }) => request("get", "/api/v1/flows", { signal }),
    select: (r) => r.items,
  });
}

export function useFlow(id: string) {
  return useQuery({
    queryKey: flowKey(id),
    queryFn: ({ signal }) => request("get", "/api/v1/flows/{id}", { params: { id }, signal }),
    // the editor owns the text once loaded: do not refetch under it
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** useFlowSchema is the flow JSON Schema: the palette, the forms, the trigger kinds. */
export function useFlowSchema() {
  return useQuery({
    queryKey: ["schema", "flow"],
    queryFn: async ({ signal }) => (await request("get", "/api/v1/schema/flow.json", { signal })) as JSONSchema,
    staleTime: 5 * 60_000,
  });
}

export function useCreateFlow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (yaml: string) => request("post", "/api/v1/flows", { body: { yaml } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: flowsKey, exact: true }),
  });
}

export function useSaveFlow(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (yaml: string) => request("put", "/api/v1/flows/{id}", { params: { id }, body: { yaml } }),
    onSuccess: (d) => {
      qc.setQueryData(flowKey(id), d);
      void qc.invalidateQueries({ queryKey: flowsKey, exact: true });
    },
  });
}

export function useDeleteFlow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("delete", "/api/v1/flows/{id}", { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: flowsKey, exact: true }),
  });
}

/** usePublishFlow publishes the saved draft; refusals carry the problems in fields (shown by the editor). */
export function usePublishFlow(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => request("post", "/api/v1/flows/{id}/publish", { params: { id } }),
    meta: { toastErrors: false },
    onSuccess: (v) => {
      qc.setQueryData<Draft>(flowKey(id), (d) => (d ? { ...d, published_version: v.version } : d));
      void qc.invalidateQueries({ queryKey: flowsKey, exact: true });
      void qc.invalidateQueries({ queryKey: ["flows", id, "versions"] });
    },
  });
}

export function useFlowVersions(id: string, enabled = true) {
  return useQuery({
    queryKey: ["flows", id, "versions"],
    queryFn: ({ signal }) => request("get", "/api/v1/flows/{id}/versions", { params: { id }, signal }),
    select: (r) => r.items,
    enabled,
  });
}

/** lintFlow checks a document without saving it. */
export function lintFlow(yaml: string, file: string, signal?: AbortSignal) {
  return request("post", "/api/v1/flows/lint", { body: { yaml, file }, signal });
}

export function useTestFlow(id: string) {
  return useMutation({
    mutationFn: (given: TestGiven | undefined) =>
      request("post", "/api/v1/flows/{id}/test", {
        params: { id },
        body: (given ? { given } : {}) as unknown as Body<"/api/v1/flows/{id}/test", "post">,
      }),
    meta: { toastErrors: false },
  });
}

export function useStartRun(flowId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ManualStart) =>
      request("post", "/api/v1/flows/{id}/runs", { params: { id: flowId }, body: body as unknown as Body<"/api/v1/flows/{id}/runs", "post"> }),
    onSuccess: () => qc.invalidateQueries({ queryKey: runsKey(flowId) }),
  });
}

const PAGE = 25;

/** useRuns pages a flow's runs, newest first (cursor and next_cursor, like the other pages); it polls while runs are live. */
export function useRuns(flowId: string, status: RunStatus | "") {
  return useInfiniteQuery({
    queryKey: [...runsKey(flowId), status],
    queryFn: ({ signal, pageParam }) =>
      request("get", "/api/v1/runs", { signal, query: { flow_id: flowId, status, cursor: pageParam, limit: PAGE } }),
    initialPageParam: "",
    getNextPageParam: (last) => last.next_cursor || undefined,
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((r) => r.status === "ready" || r.status === "waiting")) ? 3000 : false,
  });
}

export function useRun(id: string | undefined) {
  return useQuery({
    queryKey: ["run", id],
    queryFn: ({ signal }) => request("get", "/api/v1/runs/{id}", { params: { id: id! }, signal }),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data?.status === "ready" || q.state.data?.status === "waiting" ? 1500 : false),
  });
}

export function useCancelRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("post", "/api/v1/runs/{id}/cancel", { params: { id } }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ["run", r.id] });
      void qc.invalidateQueries({ queryKey: runsKey(r.flow_id) });
    },
  });
}

export function useRetryRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, step }: { id: string; step: string }) => request("post", "/api/v1/runs/{id}/retry", { params: { id }, body: { step } }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ["run", r.id] });
      void qc.invalidateQueries({ queryKey: runsKey(r.flow_id) });
    },
  });
}
