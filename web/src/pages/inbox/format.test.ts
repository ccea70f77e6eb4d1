import { describe, expect, it } from "vitest";
import { campaignOf, messageTime, readsFor, replyContext, sendErrorCode, sendErrorCodes, statusTrail } from "./format";
import en from "@/i18n/en";
import ptBR from "@/i18n/pt-BR";

describe("statusTrail", () => {
  const label = (s: string) => ({ sent: "Enviada", delivered: "Entregue", read: "Lida" })[s] ?? s;

  it("names and times each status in order", () => {
    const history = [
      { status: "sent", at: "2026-11-26T13:01:00Z" },
      { status: "delivered", at: "2026-11-26T13:02:00Z" },
      { status: "read", at: "2026-11-26T13:05:00Z" },
    ];
    expect(statusTrail(history, label)).toBe(
      `Enviada ${messageTime(history[0]!.at)} · Entregue ${messageTime(history[1]!.at)} · Lida ${messageTime(history[2]!.at)}`,
    );
  });

  it("is empty without a history", () => {
    expect(statusTrail(undefined, label)).toBe("");
    expect(statusTrail([], label)).toBe("");
  });
});

describe("sendErrorCode", () => {
  it("finds the provider's code in a failure's reason", () => {
    expect(sendErrorCode("whatsapp-cloud: graph error 131047 (HTTP 400): (#131047) Re-engagement message")).toBe("131047");
    expect(sendErrorCode("twilio-sms: not sending to +5511999990000: opted out (code 21610)")).toBe("21610");
    expect(sendErrorCode("whatsapp-cloud: graph error 131026 (HTTP 400): (#131026) Message Undeliverable")).toBe("131026");
  });
  it("explains the failures an agent meets most after the window and the number", () => {
    expect(sendErrorCode("whatsapp-cloud: graph error 131053 (HTTP 400): (#131053) Media upload error")).toBe("131053");
    expect(sendErrorCode("whatsapp-cloud: graph error 131050 (HTTP 400): (#131050) Unable to deliver the message")).toBe("131050");
    expect(sendErrorCode("whatsapp-cloud: graph error 131042 (HTTP 400): (#131042) Business eligibility payment issue")).toBe("131042");
    expect(sendErrorCode("30008 Unknown error")).toBe("30008");
  });
  it("says nothing for a code it does not explain", () => {
    expect(sendErrorCode("graph error 100 (HTTP 400): Invalid parameter")).toBe("");
    expect(sendErrorCode(undefined)).toBe("");
    expect(sendErrorCode("no route to +5521610000000")).toBe(""); // digits inside a phone number are not a code
  });
  it("explains every code in both languages", () => {
    for (const code of sendErrorCodes) {
      expect(ptBR.inboxPage.sendErrors[code], code).toBeTruthy();
      expect(en.inboxPage.sendErrors[code], code).toBeTruthy();
    }
  });
});

describe("campaignOf", () => {
  it("names the campaign that sent a message", () => {
    expect(campaignOf({ campaign_id: "cmp_1", campaign_send_id: "snd_1" })).toBe("cmp_1");
    expect(campaignOf('{"campaign_id":"cmp_2"}')).toBe("cmp_2");
    expect(campaignOf(undefined)).toBe("");
    expect(campaignOf({ from_me: true })).toBe("");
    expect(campaignOf("not json")).toBe("");
  });
});

describe("replyContext", () => {
  const first = { type: "text", text: "Oi, quero falar com atendente", provider_message_id: "wamid.A" };
  const photo = { type: "image", text: "", provider_message_id: "wamid.B", media: { type: "image" } };
  const byProvider = new Map([first, photo].map((m) => [m.provider_message_id, m]));

  it("finds the message a reply quotes", () => {
    expect(replyContext({ type: "text", text: "esse aqui", reply_to: "wamid.A" }, byProvider)).toEqual({ target: "Oi, quero falar com atendente" });
    expect(replyContext({ type: "text", text: "e esta", reply_to: "wamid.B" }, byProvider)).toEqual({ target: "[image]" });
  });
  it("finds what a reaction is on, and its removal", () => {
    const extra = { reaction: { message_id: "wamid.A", emoji: "❤️" } };
    expect(replyContext({ type: "reaction", text: "❤️", extra }, byProvider)).toEqual({ reaction: "❤️", target: "Oi, quero falar com atendente" });
    expect(replyContext({ type: "reaction", text: "", extra: JSON.stringify({ reaction: { message_id: "wamid.B", emoji: "" } }) }, byProvider)).toEqual({ reaction: "", target: "[image]" });
  });
  it("says the quoted message is not loaded, and nothing for a message that quotes none", () => {
    expect(replyContext({ type: "text", text: "x", reply_to: "wamid.older" }, byProvider)).toEqual({ target: "" });
    expect(replyContext({ type: "text", text: "x" }, byProvider)).toBeNull();
  });
});

describe("readsFor", () => {
  it("marks a thread read for its assignee, or anyone when nobody is assigned; never for a colleague looking in", () => {
    expect(readsFor({ assignee_id: "usr_a" }, "usr_a", true)).toBe(true);
    expect(readsFor({ assignee_id: "" }, "usr_b", true)).toBe(true);
    expect(readsFor({}, "usr_b", true)).toBe(true);
    expect(readsFor({ assignee_id: "usr_a" }, "usr_b", true)).toBe(false);
    expect(readsFor({ assignee_id: "" }, "usr_b", false)).toBe(false); // a viewer
  });
});
