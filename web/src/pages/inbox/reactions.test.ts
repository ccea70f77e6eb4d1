import { describe, expect, it } from "vitest";
import { actionsFor, onTarget, reactionsOn } from "./reactions";

const reaction = (direction: string, on: string, emoji: string, status = "sent") => ({
  direction,
  type: "reaction",
  status,
  extra: { reaction: { message_id: on, emoji } },
});

describe("reactionsOn", () => {
  it("keeps each side's latest reaction per message", () => {
    const got = reactionsOn([
      { direction: "in", type: "text", provider_message_id: "wamid.A" },
      reaction("out", "wamid.A", "👍"),
      reaction("in", "wamid.B", "❤️"),
      reaction("out", "wamid.A", "🙏"),
    ]);
    expect(got.get("wamid.A")).toEqual({ ours: "🙏" });
    expect(got.get("wamid.B")).toEqual({ theirs: "❤️" });
  });
  it("forgets a removed reaction, and one that failed to send", () => {
    const got = reactionsOn([reaction("out", "wamid.A", "👍"), reaction("in", "wamid.A", "😂"), reaction("out", "wamid.A", ""), reaction("out", "wamid.B", "👍", "failed")]);
    expect(got.get("wamid.A")).toEqual({ theirs: "😂", ours: undefined });
    expect(got.has("wamid.B")).toBe(false);
  });
  it("reads a reaction whose extra came as a JSON string", () => {
    const got = reactionsOn([{ direction: "out", type: "reaction", extra: JSON.stringify({ reaction: { message_id: "wamid.A", emoji: "😮" } }) }]);
    expect(got.get("wamid.A")).toEqual({ ours: "😮" });
  });
});

describe("onTarget", () => {
  const inThread = (id: string) => id === "wamid.A";
  it("shows the team's reaction on its message, not as a bubble", () => {
    expect(onTarget(reaction("out", "wamid.A", "👍", "pending"), inThread)).toBe(true);
    expect(onTarget(reaction("out", "wamid.A", "", "sent"), inThread)).toBe(true);
  });
  it("shows the customer's reaction on its message only, not as a bubble too", () => {
    expect(onTarget(reaction("in", "wamid.A", "👍", "received"), inThread)).toBe(true);
    expect(onTarget(reaction("in", "wamid.A", "", "received"), inThread)).toBe(true); // a removal: the chip goes
  });
  it("keeps a bubble for a reaction whose message is not loaded, and one of ours that failed", () => {
    expect(onTarget(reaction("out", "wamid.older", "👍"), inThread)).toBe(false);
    expect(onTarget(reaction("in", "wamid.older", "👍", "received"), inThread)).toBe(false);
    expect(onTarget(reaction("out", "wamid.A", "👍", "failed"), inThread)).toBe(false);
    expect(onTarget({ direction: "out", type: "text", status: "sent" }, inThread)).toBe(false);
    expect(onTarget({ direction: "in", type: "text", status: "received" }, inThread)).toBe(false);
  });
});

describe("actionsFor", () => {
  const open = { channel: "whatsapp", window_open: true, consent: { reachable: true } };
  const customer = { direction: "in", type: "text", provider_message_id: "wamid.A" };
  it("lets an agent answer and react to a customer's WhatsApp message", () => {
    expect(actionsFor(customer, open)).toEqual({ reply: true, react: true });
  });
  it("lets an agent quote the team's sent messages, not react to them", () => {
    expect(actionsFor({ direction: "out", type: "text", provider_message_id: "wamid.B" }, open)).toEqual({ reply: true, react: false });
  });
  it("offers nothing on a message WhatsApp has not accepted, a note or a reaction", () => {
    const none = { reply: false, react: false };
    expect(actionsFor({ direction: "out", type: "text", status: "pending" }, open)).toEqual(none);
    expect(actionsFor({ direction: "note", type: "text" }, open)).toEqual(none);
    expect(actionsFor({ direction: "in", type: "reaction", provider_message_id: "wamid.R" }, open)).toEqual(none);
  });
  it("offers nothing on SMS, outside the window, or to an opted-out contact", () => {
    const none = { reply: false, react: false };
    expect(actionsFor({ ...customer, provider_message_id: "SM1" }, { channel: "sms", window_open: true })).toEqual(none);
    expect(actionsFor(customer, { ...open, window_open: false })).toEqual(none);
    expect(actionsFor(customer, { ...open, consent: { reachable: false } })).toEqual(none);
  });
});
