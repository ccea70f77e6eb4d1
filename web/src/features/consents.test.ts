import { describe, expect, it } from "vitest";
import { consentChain, consentScopes, effectiveConsent, liftsFor, sourceKind, type Consent } from "./consents";

let n = 0;
/** rec is a record; list them newest first, as the API does. */
const rec = (channel: string, status: "opt_in" | "opt_out", source = "keyword:PARAR", created_at = "2026-11-28T14:02:00Z"): Consent => ({
  id: `cns_${++n}`, contact_id: "con_1", channel, status, source, created_at,
});

describe("consentChain", () => {
  it("is the server's: narrowest first, ending in all", () => {
    expect(consentChain("whatsapp:marketing")).toEqual(["whatsapp:marketing", "whatsapp", "all"]);
    expect(consentChain("sms")).toEqual(["sms", "all"]);
  });
});

describe("effectiveConsent", () => {
  it("blocks marketing only for a marketing opt-out", () => {
    const records = [rec("whatsapp:marketing", "opt_out", "keyword:whatsapp-131050")];
    expect(effectiveConsent(records, "whatsapp")).toEqual({ scope: "whatsapp", reachable: true, decides: undefined });
    expect(effectiveConsent(records, "whatsapp:marketing")).toMatchObject({ reachable: false, decides: records[0] });
  });

  it("blocks every channel for an opt-out of all, whatever a channel's own latest says", () => {
    const records = [rec("all", "opt_out", "agent:usr_1"), rec("sms", "opt_in", "import")];
    for (const scope of ["whatsapp", "whatsapp:marketing", "sms"]) {
      expect(effectiveConsent(records, scope)).toMatchObject({ reachable: false, decides: records[0] });
    }
  });

  it("keeps a marketing opt-out after a later opt-in of the channel alone", () => {
    const records = [rec("whatsapp", "opt_in", "agent:usr_1", "2026-11-29T10:00:00Z"), rec("whatsapp:marketing", "opt_out", "keyword:STOP PROMOTIONS")];
    expect(effectiveConsent(records, "whatsapp")).toMatchObject({ reachable: true, decides: records[0] });
    expect(effectiveConsent(records, "whatsapp:marketing")).toMatchObject({ reachable: false, decides: records[1] });
  });

  it("reads the latest record of each channel: an opt-in after an opt-out lifts it", () => {
    const records = [rec("sms", "opt_in", "keyword:START", "2026-11-29T10:00:00Z"), rec("sms", "opt_out")];
    expect(effectiveConsent(records, "sms")).toMatchObject({ reachable: true, decides: records[0] });
  });

  it("picks the narrowest opt-out of the chain", () => {
    const records = [rec("all", "opt_out"), rec("whatsapp:marketing", "opt_out")];
    expect(effectiveConsent(records, "whatsapp:marketing").decides).toBe(records[1]);
  });
});

describe("liftsFor", () => {
  it("opts in each blocking channel of the chain, broadest first, the server lifting a channel's parts itself", () => {
    expect(liftsFor([rec("whatsapp:marketing", "opt_out"), rec("whatsapp", "opt_out")], "whatsapp:marketing")).toEqual(["whatsapp"]);
    expect(liftsFor([rec("whatsapp:marketing", "opt_out"), rec("all", "opt_out")], "whatsapp:marketing")).toEqual(["all", "whatsapp:marketing"]);
    expect(liftsFor([rec("sms", "opt_in"), rec("sms", "opt_out")], "sms")).toEqual([]);
  });
});

describe("consentScopes", () => {
  it("lists the workspace's channels and those the records name, WhatsApp with its marketing part", () => {
    expect(consentScopes([], ["sms", "whatsapp"])).toEqual(["whatsapp", "whatsapp:marketing", "sms"]);
    expect(consentScopes([rec("email", "opt_out"), rec("all", "opt_out")], ["sms"])).toEqual(["sms", "email"]);
    expect(consentScopes([], [])).toEqual(["whatsapp", "whatsapp:marketing", "sms"]);
  });
});

describe("sourceKind", () => {
  it("reads the sources the platform writes", () => {
    expect(sourceKind(rec("sms", "opt_out", "keyword:PARAR"))).toEqual({ kind: "keyword", word: "PARAR" });
    expect(sourceKind(rec("whatsapp:marketing", "opt_out", "keyword:whatsapp-131050"))).toEqual({ kind: "meta131050" });
    expect(sourceKind(rec("whatsapp:marketing", "opt_out", "keyword:PARAR PROMOCOES"))).toEqual({ kind: "button", label: "Parar promoções" });
    expect(sourceKind(rec("whatsapp:marketing", "opt_in", "keyword:START"))).toEqual({ kind: "keyword", word: "START" });
    expect(sourceKind(rec("whatsapp", "opt_out", "keyword:UNSUBSCRIBE"))).toEqual({ kind: "keyword", word: "UNSUBSCRIBE" });
    expect(sourceKind(rec("sms", "opt_out", "agent:usr_9"))).toEqual({ kind: "agent", userID: "usr_9" });
    expect(sourceKind(rec("sms", "opt_out", "agent:key_9"))).toEqual({ kind: "apiKey", keyID: "key_9" });
    expect(sourceKind(rec("sms", "opt_out", "agent:system"))).toEqual({ kind: "system" });
    expect(sourceKind(rec("sms", "opt_out", "import"))).toEqual({ kind: "import" });
    expect(sourceKind(rec("sms", "opt_in", "form:site"))).toEqual({ kind: "form", name: "site" });
    expect(sourceKind(rec("sms", "opt_in", "crm-legado"))).toEqual({ kind: "other", text: "crm-legado" });
  });
});
