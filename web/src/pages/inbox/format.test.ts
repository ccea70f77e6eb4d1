import { describe, expect, it } from "vitest";
import { messageTime, statusTrail } from "./format";

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
