import { afterEach, describe, expect, it } from "vitest";
import i18n from "@/i18n";
import { keyedText } from "./reasons";

afterEach(() => i18n.changeLanguage("pt-BR"));

const codes = [
  { code: "131026", count: 16 },
  { code: "131049", count: 5 },
];

describe("refusals by reason", () => {
  it("word the server's refusal in pt-BR, its params translated", () => {
    expect(keyedText("refusals", "window_closed", {}, "outside the 24-hour window: only a template can be sent")).toBe(
      "Fora da janela de 24 horas do WhatsApp: só é possível enviar um modelo aprovado.",
    );
    expect(keyedText("refusals", "contact_opted_out", { channel: "sms" }, "the contact opted out of sms")).toBe(
      "O contato pediu para não receber mensagens por SMS.",
    );
    expect(keyedText("refusals", "campaign_not_pausable", { status: "draft" }, "a draft campaign cannot be paused")).toBe(
      "Só uma campanha enviando ou agendada pode ser pausada (situação: Rascunho).",
    );
    expect(keyedText("refusals", "role_required", { role: "admin" }, "x")).toBe("É preciso ter o papel Administrador ou superior.");
  });

  it("count in the plural form the language asks for", () => {
    expect(keyedText("refusals", "draft_has_problems", { count: 1 }, "x")).toBe("O rascunho tem 1 problema; corrija-o para testar.");
    expect(keyedText("refusals", "draft_has_problems", { count: 3 }, "x")).toBe("O rascunho tem 3 problemas; corrija-os para testar.");
  });

  it("word them in English when the UI is in English", async () => {
    await i18n.changeLanguage("en");
    expect(keyedText("refusals", "campaign_ended", { status: "cancelled" }, "x")).toBe("The campaign has already ended (status: Cancelled).");
    expect(keyedText("refusals", "draft_has_problems", { count: 1 }, "x")).toBe("The draft has 1 problem; fix it to test the flow.");
  });

  it("fall back to the server's message for an unknown reason, none, or a missing param", () => {
    expect(keyedText("refusals", "something_new", { a: 1 }, "the server's words")).toBe("the server's words");
    expect(keyedText("refusals", undefined, undefined, "the server's words")).toBe("the server's words");
    expect(keyedText("refusals", "name_taken", {}, 'a flow named "x" exists')).toBe('a flow named "x" exists');
    expect(keyedText("refusals", "draft_has_problems", {}, "the draft has 2 problems")).toBe("the draft has 2 problems");
  });

  it("ignore params that would steer i18next (lng, ns)", () => {
    expect(keyedText("refusals", "name_taken", { name: "promo", lng: "en" }, "x")).toBe("O nome «promo» já está em uso.");
  });
});

describe("campaign reasons by code", () => {
  it("word the breaker's trip with counts and the codes' pt-BR meaning", () => {
    const params = { count: 21, window: 100, percent: 21, limit: 20, codes };
    expect(keyedText("campaignReasons", "breaker_undeliverable", params, "circuit breaker: …")).toBe(
      "Pausada pela proteção automática: 21 dos últimos 100 envios (21%) não puderam ser entregues ou foram bloqueados (131026 ×16: o número não pode receber mensagens do WhatsApp (sem WhatsApp, versão antiga ou termos não aceitos); 131049 ×5: o WhatsApp não entregou para manter a qualidade do ecossistema; tente mais tarde); o limite é 20%.",
    );
    expect(keyedText("campaignReasons", "breaker_opt_outs", { count: 10, window: 50, percent: 20, limit: 5, codes: [] }, "x")).toBe(
      "Pausada pela proteção automática: 10 dos últimos 50 envios (20%) terminaram em descadastro; o limite é 5%.",
    );
  });

  it("keep a code without a known meaning as a number with the provider's words", () => {
    const first = [
      { code: "132001", count: 9, message: "Template name does not exist" },
      { code: "", count: 1, message: "no connection" },
      { code: "999999", count: 2, message: "Something new" },
    ];
    expect(keyedText("campaignReasons", "first_sends_failed", { count: 10, codes: first }, "x")).toBe(
      "Os primeiros 10 envios falharam e nenhum saiu: 132001 ×9: o modelo não existe neste idioma ou ainda não foi aprovado; sem código ×1: “no connection”; 999999 ×2: “Something new”. Corrija o que o provedor indica (o modelo, a conexão ou a lista) e retome a campanha.",
    );
  });

  it("say who paused, and a provider's pause code with its meaning", () => {
    expect(keyedText("campaignReasons", "paused_by_user", { name: "Ana (ana@loja.com)" }, "x")).toBe("Pausada por Ana (ana@loja.com).");
    expect(keyedText("campaignReasons", "cancelled_by_api_key", { name: "CRM" }, "x")).toBe("Cancelada pela chave de API «CRM».");
    expect(keyedText("campaignReasons", "sender_blocked", { code: "131048" }, "x")).toBe(
      "Pausada pelo provedor (erro 131048): limite de envios atingido pela qualidade do número (denúncias de spam); aguarde antes de enviar mais. Resolva com o provedor e retome a campanha.",
    );
    expect(keyedText("campaignReasons", "sender_blocked", { code: "123" }, "the English")).toBe("the English");
  });

  it("pluralize completion with failures, in pt-BR and English", async () => {
    const one = [{ code: "131026", count: 1, message: "x" }];
    expect(keyedText("campaignReasons", "completed_with_failures", { count: 1, total: 12, codes: one }, "x")).toMatch(/^Concluída: 1 de 12 envios falhou \(131026 ×1: o número/);
    expect(keyedText("campaignReasons", "completed_all_failed", { count: 15, codes: one }, "x")).toMatch(/^Concluída, mas todos os 15 envios falharam e nenhum saiu/);
    expect(keyedText("campaignReasons", "round_ended_with_failures", { round: 3, count: 2, total: 12, codes: one }, "x")).toMatch(
      /^Rodada 3 encerrada; somando as rodadas até aqui, 2 de 12 envios falharam/,
    );
    await i18n.changeLanguage("en");
    expect(keyedText("campaignReasons", "completed_all_failed", { count: 1, codes: one }, "x")).toBe(
      "Completed, but its only send failed (131026 ×1: the number cannot receive WhatsApp messages (no WhatsApp, an old version, or terms not accepted)).",
    );
    expect(keyedText("campaignReasons", "paused_by_api_key", { name: "CRM" }, "x")).toBe("Paused by the API key “CRM”.");
  });

  it("fall back to the English reason for an unknown code or a malformed list", () => {
    expect(keyedText("campaignReasons", "paused_by_robot", {}, "paused by a robot")).toBe("paused by a robot");
    expect(keyedText("campaignReasons", "first_sends_failed", { count: 10, codes: "132001" }, "the first 10 sends all failed")).toBe(
      "the first 10 sends all failed",
    );
  });
});
