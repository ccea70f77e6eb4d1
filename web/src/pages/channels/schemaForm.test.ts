import { describe, expect, it } from "vitest";
import { configOf, fieldsOf, humanize, initialValues } from "./schemaForm";

const schema = {
  type: "object",
  required: ["account_sid", "auth_token"],
  properties: {
    base_url: { type: "string", format: "uri", pattern: "^https?://", default: "https://api.twilio.com" },
    account_sid: { type: "string", description: "The SID.", examples: ["AC01"] },
    auth_token: { type: "string", writeOnly: true, "x-secret": true },
    sender_mps: { type: "number", default: 1 },
    burst: { type: "integer" },
    download: { type: "boolean", default: true },
    wait: { type: "string", "x-type": "duration", pattern: "^[0-9]+(ms|s|m|h)$" },
    mode: { type: "string", enum: ["a", "b"] },
    extra: { type: "object" },
  },
};

describe("fieldsOf", () => {
  it("maps each property to a control, required first", () => {
    const f = fieldsOf(schema);
    expect(f.map((x) => [x.name, x.kind, x.required])).toEqual([
      ["account_sid", "text", true],
      ["auth_token", "secret", true],
      ["base_url", "url", false],
      ["sender_mps", "number", false],
      ["burst", "integer", false],
      ["download", "boolean", false],
      ["wait", "duration", false],
      ["mode", "enum", false],
      ["extra", "json", false],
    ]);
    expect(f[0]).toMatchObject({ description: "The SID.", example: "AC01" });
    expect(f.find((x) => x.name === "mode")?.options).toEqual(["a", "b"]);
  });
  it("reads no schema as no fields", () => {
    expect(fieldsOf(undefined)).toEqual([]);
  });
});

describe("configOf", () => {
  const fields = fieldsOf(schema);
  it("types the values and leaves empty optional ones to their defaults", () => {
    const v = { ...initialValues(fields), account_sid: " AC01 ", auth_token: "s3cret ", sender_mps: "2.5", burst: "10", wait: "3s", extra: '{"a":1}' };
    expect(configOf(fields, v)).toEqual({
      config: { account_sid: "AC01", auth_token: "s3cret ", sender_mps: 2.5, burst: 10, wait: "3s", extra: { a: 1 } },
      errors: {},
    });
  });
  it("reports every problem at once", () => {
    const v = { ...initialValues(fields), burst: "1.5", sender_mps: "x", wait: "soon", base_url: "ftp://x", extra: "{" };
    expect(configOf(fields, v).errors).toEqual({
      account_sid: "required",
      auth_token: "required",
      burst: "integer",
      sender_mps: "number",
      wait: "duration",
      base_url: "url",
      extra: "json",
    });
  });
  it("keeps a stored secret when its field is left empty", () => {
    const v = { ...initialValues(fields, { account_sid: "AC01", auth_token: "never shown" }) };
    expect(v.auth_token).toBe("");
    expect(configOf(fields, v, ["auth_token"])).toEqual({ config: { account_sid: "AC01" }, errors: {} });
  });
  it("sends a checkbox only when it differs from the default", () => {
    const v = { ...initialValues(fields), account_sid: "a", auth_token: "b" };
    expect(configOf(fields, v).config.download).toBeUndefined();
    expect(configOf(fields, { ...v, download: false }).config.download).toBe(false);
  });
});

it("humanizes keys", () => {
  expect(humanize("phone_number_id")).toBe("Phone number ID");
  expect(humanize("base_url")).toBe("Base URL");
});
