import { describe, expect, it } from "vitest";
import type { Campaign } from "@/features/campaigns";
import { inputOf } from "./draft";
import { draftOfCampaign, editInput, instantToZoned, specOf } from "./editDraft";

const campaign = (spec: object, channel = "whatsapp"): Campaign =>
  ({ id: "cmp_1", name: "Promo", channel, status: "draft", spec: spec as unknown as string }) as Campaign;

describe("draftOfCampaign", () => {
  it("gives back the draft a form built (a round trip through inputOf)", () => {
    const spec = {
      audience: { tags: ["demo", "vip"], exclude_tags: ["optout"], expression: "contact.name != ''" },
      message: { template: { name: "hello_world", language: "en_US", variables: { "1": "Ana" }, header: { type: "image", blob_id: "blb_1", filename: "folheto.jpg" } } },
      schedule: { at: "2026-12-01T12:30:00Z", timezone: "America/Sao_Paulo", allowed_hours: { from: "08:00", to: "18:00", days: ["mon", "fri"] } },
      pacing: {},
      breaker: {},
      connection: "conn_1",
    };
    const d = draftOfCampaign(campaign(spec), "UTC");
    expect(d).toMatchObject({ name: "Promo", tags: "demo, vip", excludeTags: "optout", kind: "template", templateName: "hello_world",
      templateVariables: "1=Ana", templateHeader: { type: "image", blob_id: "blb_1", filename: "folheto.jpg" }, when: "at", at: "2026-12-01T09:30", timezone: "America/Sao_Paulo", quiet: true, days: ["mon", "fri"], connection: "conn_1" });
    expect(inputOf(d)).toEqual({ name: "Promo", channel: "whatsapp", spec: { ...spec, schedule: { ...spec.schedule, at: "2026-12-01T12:30:00.000Z" } } });
  });
  it("reads a media campaign back into a file and a caption", () => {
    const spec = {
      audience: { tags: ["demo"] },
      message: { media: { type: "image", blob_id: "blb_2", filename: "promo.png", caption: "Oi {{ contact.first_name }}" } },
      schedule: { timezone: "UTC" },
      pacing: {},
      breaker: {},
    };
    const d = draftOfCampaign(campaign(spec), "UTC");
    expect(d).toMatchObject({ kind: "media", media: { type: "image", blob_id: "blb_2", filename: "promo.png" }, text: "Oi {{ contact.first_name }}" });
    expect(inputOf(d)).toEqual({ name: "Promo", channel: "whatsapp", spec });
  });
  it("reads a text campaign sent now, a flow campaign, and a spec stored as JSON text", () => {
    expect(draftOfCampaign(campaign({ audience: {}, message: { text: "Oi" }, schedule: {} }, "sms"), "UTC")).toMatchObject({ kind: "text", text: "Oi", when: "now", channel: "sms", timezone: "UTC" });
    expect(draftOfCampaign(campaign({ audience: {}, flow: { id: "flw_1" }, schedule: {} }), "UTC")).toMatchObject({ kind: "flow", flowId: "flw_1" });
    expect(specOf({ spec: '{"audience":{"tags":["a"]}}' })).toEqual({ audience: { tags: ["a"] } });
    expect(specOf({ spec: "not json" })).toEqual({});
  });
});

describe("editInput", () => {
  it("replaces the form's parts and keeps the rest of the stored spec", () => {
    const original = {
      audience: { tags: ["old"] },
      flow: { id: "flw_1" },
      schedule: { cron: "0 9 * * 1", at: "2026-12-01T12:00:00Z", timezone: "America/Sao_Paulo" },
      pacing: { per_second: 2 },
      breaker: { max_failure_rate: 0.2 },
    };
    const d = { ...draftOfCampaign(campaign(original), "UTC"), tags: "new", kind: "text" as const, text: "Olá", when: "now" as const };
    expect(editInput(original, d).spec).toEqual({
      audience: { tags: ["new"] },
      message: { text: "Olá" },
      schedule: { cron: "0 9 * * 1", timezone: "America/Sao_Paulo" },
      pacing: { per_second: 2 },
      breaker: { max_failure_rate: 0.2 },
    });
  });
});

describe("instantToZoned", () => {
  it("shows an instant in a zone's wall clock", () => {
    expect(instantToZoned("2026-07-01T15:00:00Z", "America/Sao_Paulo")).toBe("2026-07-01T12:00");
    expect(instantToZoned("bad", "UTC")).toBe("");
  });
});
