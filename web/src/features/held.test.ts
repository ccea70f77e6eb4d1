import { afterEach, describe, expect, it } from "vitest";
import i18n from "@/i18n";
import { heldText, isHeld } from "./held";

afterEach(() => i18n.changeLanguage("pt-BR"));

describe("a message WhatsApp holds", () => {
  it("is held while the server says held and the status is still sent", () => {
    expect(isHeld({ held: true, status: "sent" })).toBe(true);
    expect(isHeld({ status: "sent" })).toBe(false);
    expect(isHeld({ held: false, status: "sent" })).toBe(false);
    // a live message.status moved the cached status on: the hold ended
    for (const status of ["delivered", "read", "failed"]) expect(isHeld({ held: true, status })).toBe(false);
  });

  it("is worded pt-BR first, English second", async () => {
    expect(heldText()).toBe("Retida pelo WhatsApp para avaliação de qualidade");
    await i18n.changeLanguage("en");
    expect(heldText()).toBe("Held by WhatsApp for quality assessment");
  });
});
