// The API client: typed from the generated OpenAPI schema, throwing ApiError
// for every failure so TanStack Query and the forms handle one error shape.
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type ErrorCode = Schemas["Error"]["error"]["code"];
/** ErrorReason is a refusal's stable key (error.reason), beside its English message. */
export type ErrorReason = NonNullable<Schemas["Error"]["error"]["reason"]>;
/** FieldKey is a field's problem as a stable key (error.field_reasons[field]), beside its English in fields. */
export type FieldKey = { reason: string; params?: Record<string, unknown> };

/** Codes the client adds for failures that never reached the API's envelope. */
export type ClientErrorCode = "network" | "bad_response";

/**
 * ApiError is every failed call: the server's {error:{code,reason,params,message,fields}}
 * or a client-side failure. message is the server's English; reason and params, when
 * the server keys the refusal, let the UI word it (errorDetail in features/queryClient).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  /** fields is each bad field's problem in the server's English; fieldErrors (features/queryClient) words them. */
  readonly fields: Record<string, string>;
  readonly fieldReasons: Record<string, FieldKey>;
  readonly reason?: string;
  readonly params: Record<string, unknown>;

  constructor(
    status: number,
    code: ErrorCode | ClientErrorCode,
    message: string,
    fields: Record<string, string> = {},
    keyed: { reason?: string; params?: Record<string, unknown>; fieldReasons?: Record<string, FieldKey> } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.reason = keyed.reason;
    this.params = keyed.params ?? {};
    this.fieldReasons = keyed.fieldReasons ?? {};
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

type Method = "get" | "post" | "put" | "patch" | "delete";
type Path = keyof paths;
type MethodsOf<P extends Path> = { [M in Method]: paths[P][M] extends undefined | never ? never : M }[Method];
type Op<P extends Path, M extends Method> = NonNullable<paths[P][M]>;

type JsonOf<T> = T extends { content: { "application/json": infer J } } ? J : undefined;
type Responses<P extends Path, M extends Method> = Op<P, M> extends { responses: infer R } ? R : never;
type SuccessOf<R> = R extends { 200: infer S }
  ? S
  : R extends { 201: infer S }
    ? S
    : R extends { 202: infer S }
      ? S
      : R extends { 204: infer S }
        ? S
        : never;

/** Reply is the success body of a route (undefined for 204). */
export type Reply<P extends Path, M extends Method> = JsonOf<SuccessOf<Responses<P, M>>>;
/** Body is the JSON request body of a route (never when it takes none). */
export type Body<P extends Path, M extends Method> = Op<P, M> extends { requestBody?: infer R } ? JsonBody<NonNullable<R>> : never;
type JsonBody<R> = [R] extends [never] ? never : R extends { content: { "application/json": infer B } } ? B : never;
type PathParams<P extends Path, M extends Method> = Op<P, M> extends { parameters: { path: infer Q } } ? Q : never;

export type RequestOptions<P extends Path, M extends Method> = {
  signal?: AbortSignal;
  /** Query parameters (empty values are left out). */
  query?: Record<string, string | number | undefined>;
} & ([Body<P, M>] extends [never] ? { body?: never } : { body: Body<P, M> }) &
  ([PathParams<P, M>] extends [never] ? { params?: never } : { params: PathParams<P, M> });

/** expandPath fills {name} placeholders with URL-encoded values. */
export function expandPath(path: string, params?: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(v);
  });
}

/** queryString is "?a=1&b=2" for the non-empty values, or "". */
export function queryString(query?: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/**
 * request calls one API route with the session cookie. Every failure — an
 * error envelope, a non-JSON reply, a network error — becomes an ApiError.
 */
export async function request<P extends Path, M extends MethodsOf<P>>(
  method: M,
  path: P,
  ...[opts]: RequestOptions<P, M> extends { body: unknown } | { params: unknown }
    ? [RequestOptions<P, M>]
    : [RequestOptions<P, M>?]
): Promise<Reply<P, M>> {
  const o = (opts ?? {}) as {
    body?: unknown;
    params?: Record<string, string>;
    signal?: AbortSignal;
    query?: Record<string, string | number | undefined>;
  };
  const url = expandPath(path, o.params) + queryString(o.query);
  const init: RequestInit = {
    method: method.toUpperCase(),
    credentials: "same-origin",
    headers: { Accept: "application/json" },
    signal: o.signal,
  };
  if (o.body !== undefined) {
    init.headers = { ...init.headers, "Content-Type": "application/json" };
    init.body = JSON.stringify(o.body);
  }
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "network", "the server could not be reached");
  }
  return (await readReply(res)) as Reply<P, M>;
}

/** StoredFile is what POST /api/v1/media answers: the file's blob record. */
export type StoredFile = Reply<"/api/v1/media", "post">;

/**
 * uploadFile stores a file with POST /api/v1/media (its bytes as the body,
 * its type as Content-Type); a reply sends it by the returned id as
 * media.blob_id. Failures are ApiErrors, as with request.
 */
export async function uploadFile(file: Blob, signal?: AbortSignal): Promise<StoredFile> {
  let res: Response;
  try {
    res = await fetch("/api/v1/media", {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": file.type || "application/octet-stream" },
      body: file,
      signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "network", "the server could not be reached");
  }
  return (await readReply(res)) as StoredFile;
}

/** readReply turns a Response into its JSON body or throws an ApiError. */
export async function readReply(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  let body: unknown;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (res.ok) {
    if (text !== "" && body === undefined) {
      throw new ApiError(res.status, "bad_response", "the server sent a reply that is not JSON");
    }
    return body;
  }
  const env = errorEnvelope(body);
  if (env) {
    const keyed = { reason: env.reason, params: env.params, fieldReasons: fieldKeys(env.field_reasons) };
    throw new ApiError(res.status, env.code, env.message, env.fields ?? {}, keyed);
  }
  throw new ApiError(res.status, codeForStatus(res.status), res.statusText || `HTTP ${res.status}`);
}

function errorEnvelope(body: unknown): Schemas["Error"]["error"] | undefined {
  if (typeof body !== "object" || body === null || !("error" in body)) return undefined;
  const e = (body as { error: unknown }).error;
  if (typeof e !== "object" || e === null) return undefined;
  const { code, message, fields, reason, params, field_reasons } = e as Record<string, unknown>;
  if (typeof code !== "string" || typeof message !== "string") return undefined;
  const clean: Record<string, string> = {};
  if (typeof fields === "object" && fields !== null) {
    for (const [k, v] of Object.entries(fields)) if (typeof v === "string") clean[k] = v;
  }
  const keyed = typeof reason === "string" && reason !== "";
  const values = keyed && typeof params === "object" && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : undefined;
  return {
    code: code as ErrorCode,
    message,
    fields: clean,
    reason: keyed ? (reason as ErrorReason) : undefined,
    params: values,
    field_reasons: field_reasons as Schemas["Error"]["error"]["field_reasons"],
  };
}

/** fieldKeys keeps the well-formed entries of error.field_reasons. */
function fieldKeys(raw: unknown): Record<string, FieldKey> {
  const out: Record<string, FieldKey> = {};
  if (typeof raw !== "object" || raw === null) return out;
  for (const [field, v] of Object.entries(raw)) {
    if (typeof v !== "object" || v === null) continue;
    const { reason, params } = v as Record<string, unknown>;
    if (typeof reason !== "string" || reason === "") continue;
    out[field] = { reason, params: typeof params === "object" && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : undefined };
  }
  return out;
}

/** codeForStatus names a failure that came without the error envelope (a proxy's 502, say). */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 422:
      return "invalid_input";
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 415:
      return "unsupported_media_type";
    case 429:
      return "rate_limited";
    case 502:
    case 503:
    case 504:
      return "unavailable";
    default:
      return "internal";
  }
}
