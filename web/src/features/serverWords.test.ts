import { afterEach, describe, expect, it } from "vitest";
import i18n from "@/i18n";
import { checkDetail } from "./checkDetail";
import { importMessage } from "./importMessage";

afterEach(() => i18n.changeLanguage("pt-BR"));

describe("a connection's check detail", () => {
  it("words every problem the check named, in order", async () => {
    const c = {
      detail: "twilio-sms: Twilio account AC1 has no Messaging Service MG9 (error 20404): …\ntwilio-sms: Twilio account AC1 has no short code 12345: …",
      detail_reasons: [
        { reason: "no_messaging_service", params: { account: "AC1", service: "MG9", code: 20404 } },
        { reason: "no_sender", params: { account: "AC1", kind: "short_code", from: "12345" } },
      ],
    };
    expect(checkDetail(c)).toBe(
      "A conta da Twilio AC1 não tem o Messaging Service MG9 (erro 20404): confira o messaging_service_sid. " +
        "A conta da Twilio AC1 não tem o código curto (short code) 12345: confira o campo from (precisa ser um dos números da conta).",
    );
    await i18n.changeLanguage("en");
    expect(checkDetail(c)).toMatch(/^The Twilio account AC1 has no Messaging Service MG9 \(error 20404\)/);
  });

  it("names the pool's numbers, and how many it left out (21711)", () => {
    const pool = (numbers: string, more: number) => ({
      detail: "x",
      detail_reasons: [{ reason: "not_in_sender_pool", params: { from: "+15550001", service: "MG1", numbers, more } }],
    });
    expect(checkDetail(pool("+15550002, +15550003", 145))).toContain("(erro 21711; números do serviço: +15550002, +15550003 e mais 145)");
    expect(checkDetail(pool("", 0))).toContain("(erro 21711; números do serviço: nenhum)");
  });

  it("shows the English as it is when any problem cannot be worded, or none was keyed", () => {
    expect(checkDetail({ detail: "two problems", detail_reasons: [{ reason: "token_refused", params: { code: 190 } }, { reason: "new_check" }] })).toBe(
      "two problems",
    );
    expect(checkDetail({ detail: "notes: the token is invalid" })).toBe("notes: the token is invalid");
  });
});

describe("an import's message", () => {
  it("words why the import failed, with the plural the count asks for", async () => {
    expect(importMessage({ message: "1 rows have errors; nothing was imported", message_reason: "rows_have_errors", message_params: { count: 1 } })).toBe(
      "1 linha tem erro; nada foi importado.",
    );
    expect(importMessage({ message: "3 rows have errors; nothing was imported", message_reason: "rows_have_errors", message_params: { count: 3 } })).toBe(
      "3 linhas têm erros; nada foi importado.",
    );
    await i18n.changeLanguage("en");
    expect(importMessage({ message: "x", message_reason: "contacts_changed" })).toBe("Contacts changed while importing; nothing was imported. Import it again.");
  });

  it("keeps the English of a job without a key", () => {
    expect(importMessage({ message: "the import stopped" })).toBe("the import stopped");
  });
});
