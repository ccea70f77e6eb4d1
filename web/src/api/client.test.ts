import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, codeForStatus, expandPath, isApiError, request } from "./client";

function reply(status: number, body: string, contentType = "application/json") {
  return new Response(status === 204 ? null : body, { status, headers: { "Content-Type": contentType } });
}

function stubFetch(impl: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const fn = vi.fn(impl);
  vi.stubGlobal("fetch", fn);
  return fn;
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

afterEach(() => vi.unstubAllGlobals());

describe("request", () => {
  it("turns the error envelope into an ApiError with code, message and fields", async () => {
    stubFetch(() =>
      reply(
        400,
        JSON.stringify({
          error: { code: "invalid_input", message: "the member cannot be added", fields: { email: "must be an email address" } },
        }),
      ),
    );
    const e = await failure(request("post", "/api/v1/members", { body: { email: "x", name: "X", password: "p", role: "agent" } }));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe("invalid_input");
    expect(e.message).toBe("the member cannot be added");
    expect(e.fields).toEqual({ email: "must be an email address" });
  });

  it("keeps a refusal's reason and params beside its English message", async () => {
    stubFetch(() =>
      reply(409, JSON.stringify({ error: { code: "conflict", reason: "contact_opted_out", params: { channel: "sms" }, message: "the contact opted out of sms" } })),
    );
    const e = await failure(request("get", "/api/v1/members"));
    expect([e.code, e.reason, e.params, e.message]).toEqual(["conflict", "contact_opted_out", { channel: "sms" }, "the contact opted out of sms"]);
    stubFetch(() => reply(409, JSON.stringify({ error: { code: "conflict", reason: 7, params: [1], message: "taken" } })));
    const odd = await failure(request("get", "/api/v1/members"));
    expect([odd.reason, odd.params]).toEqual([undefined, {}]);
  });

  it("keeps the fields' reasons beside their English, dropping malformed ones", async () => {
    const field_reasons = { name: { reason: "required_max", params: { max: 80 } }, phone: { reason: "invalid_phone" }, odd: { reason: 3 }, worse: "x" };
    const fields = { name: "required, at most 80 characters", phone: "is not a valid phone number", odd: "o", worse: "w" };
    stubFetch(() => reply(400, JSON.stringify({ error: { code: "invalid_input", reason: "contact_invalid", message: "the contact cannot be saved", fields, field_reasons } })));
    const e = (await request("post", "/api/v1/contacts", { body: {} }).catch((x: unknown) => x)) as ApiError;
    expect(e.fields).toEqual(fields);
    expect(e.fieldReasons).toEqual({ name: { reason: "required_max", params: { max: 80 } }, phone: { reason: "invalid_phone", params: undefined } });
  });

  it("keeps only string field messages from a malformed envelope", async () => {
    stubFetch(() => reply(409, JSON.stringify({ error: { code: "conflict", message: "taken", fields: { a: "x", b: 3 } } })));
    const e = await failure(request("get", "/api/v1/members"));
    expect(e.code).toBe("conflict");
    expect(e.fields).toEqual({ a: "x" });
  });

  it("names a failure without the envelope by its status (a proxy's HTML 502)", async () => {
    stubFetch(() => new Response("<html>Bad Gateway</html>", { status: 502, statusText: "Bad Gateway", headers: { "Content-Type": "text/html" } }));
    const e = await failure(request("get", "/api/v1/me"));
    expect(e.status).toBe(502);
    expect(e.code).toBe("unavailable");
    expect(e.message).toBe("Bad Gateway");
    expect(e.fields).toEqual({});
  });

  it("reports an unreachable server as a network error", async () => {
    stubFetch(() => Promise.reject(new TypeError("Failed to fetch")));
    const e = await failure(request("get", "/api/v1/me"));
    expect(e.status).toBe(0);
    expect(e.code).toBe("network");
  });

  it("lets an abort through as an AbortError, not an ApiError", async () => {
    stubFetch(() => Promise.reject(new DOMException("aborted", "AbortError")));
    await expect(request("get", "/api/v1/me")).rejects.toMatchObject({ name: "AbortError" });
  });

  it("refuses a 200 reply that is not JSON", async () => {
    stubFetch(() => reply(200, "<!doctype html>", "text/html"));
    const e = await failure(request("get", "/api/v1/tenant"));
    expect(e.code).toBe("bad_response");
  });

  it("sends JSON with the session cookie and returns the parsed reply", async () => {
    const fetch = stubFetch(() => reply(201, JSON.stringify({ id: "key_1", key: "mia_abc_def" })));
    const created = await request("post", "/api/v1/api-keys", { body: { name: "ci", role: "agent" } });
    expect(created.key).toBe("mia_abc_def");
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("/api/v1/api-keys");
    expect(init.method).toBe("POST");
    expect(init.credentials).toBe("same-origin");
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
    expect(JSON.parse(init.body as string)).toEqual({ name: "ci", role: "agent" });
  });

  it("returns undefined for 204 and fills path parameters, encoded", async () => {
    const fetch = stubFetch(() => reply(204, ""));
    await expect(request("delete", "/api/v1/secrets/{id}", { params: { id: "sec/1 2" } })).resolves.toBeUndefined();
    expect(fetch.mock.calls[0]![0]).toBe("/api/v1/secrets/sec%2F1%202");
  });
});

describe("expandPath", () => {
  it("fails loudly on a missing parameter", () => {
    expect(() => expandPath("/api/v1/members/{id}", {})).toThrow(/missing path parameter id/);
  });
});

describe("codeForStatus", () => {
  it.each([
    [400, "invalid_input"],
    [401, "unauthenticated"],
    [403, "forbidden"],
    [404, "not_found"],
    [409, "conflict"],
    [413, "payload_too_large"],
    [429, "rate_limited"],
    [503, "unavailable"],
    [500, "internal"],
  ] as const)("%i is %s", (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });
});
