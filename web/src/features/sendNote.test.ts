import { afterEach, describe, expect, it } from "vitest";
import i18n from "@/i18n";
import type { Send } from "./campaigns";
import { sendNote } from "./sendNote";

afterEach(() => i18n.changeLanguage("pt-BR"));

const send = (p: Partial<Send>): Send => ({ ...({ id: "snd_1", status: "queued" } as Send), ...p });

describe("a ledger row's note", () => {
  it("says why a queued send waits, in the UI language", async () => {
    expect(sendNote(send({ wait_reason: "outside_hours", error: "waiting: outside the allowed hours" }))).toEqual({
      text: "Aguardando o horário permitido para envio.",
      waiting: true,
    });
    expect(sendNote(send({ wait_reason: "paused", error_code: "131048", error: "waiting: the campaign is paused; its last attempt failed: x" })).text).toBe(
      "Aguardando: a campanha está pausada; a última tentativa falhou (131048).",
    );
    await i18n.changeLanguage("en");
    expect(sendNote(send({ wait_reason: "messaging_tier", error: "waiting: messaging_tier" })).text).toBe("Waiting for WhatsApp's daily conversation limit.");
  });

  it("shows the server's English for a reason it does not know, and a failure's code and text", () => {
    expect(sendNote(send({ wait_reason: "new_limit", error: "waiting: new_limit" }))).toEqual({ text: "waiting: new_limit", waiting: true });
    expect(sendNote(send({ status: "failed", error_code: "131026", error: "undeliverable" }))).toEqual({
      text: "o número não pode receber mensagens do WhatsApp (sem WhatsApp, versão antiga ou termos não aceitos) (131026)",
      waiting: false,
      detail: "undeliverable",
    });
    expect(sendNote(send({ status: "failed", error_code: "999999", error: "something new" }))).toEqual({ text: "999999: something new", waiting: false });
    expect(sendNote(send({ status: "sent" }))).toEqual({ text: "", waiting: false });
  });

  it("says a held send is held by WhatsApp, in the UI language, only while it is sent", async () => {
    expect(sendNote(send({ status: "sent", held: true }))).toEqual({ text: "Retida pelo WhatsApp para avaliação de qualidade", waiting: false, held: true });
    await i18n.changeLanguage("en");
    expect(sendNote(send({ status: "sent", held: true })).text).toBe("Held by WhatsApp for quality assessment");
    expect(sendNote(send({ status: "delivered", held: true }))).toEqual({ text: "", waiting: false });
    expect(sendNote(send({ status: "failed", held: true, error_code: "132015", error: "template paused" }))).toEqual({ text: "the template is paused for low quality (132015)", waiting: false, detail: "template paused" });
  });
});
