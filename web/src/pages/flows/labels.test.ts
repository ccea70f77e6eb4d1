import { afterEach, describe, expect, it } from "vitest";
import i18n from "@/i18n";
import { runReason } from "./labels";

afterEach(() => i18n.changeLanguage("pt-BR"));

describe("a run's reason", () => {
  it("words handed_to_human in pt-BR and English, and leaves other errors as written", async () => {
    expect(runReason(i18n.t, "handed_to_human")).toEqual({ text: "Encerrado: uma pessoa assumiu a conversa", known: true });
    await i18n.changeLanguage("en");
    expect(runReason(i18n.t, "handed_to_human")).toEqual({ text: "Ended: a person took the conversation", known: true });
    expect(runReason(i18n.t, "step send: provider down")).toEqual({ text: "step send: provider down", known: false });
  });
});
