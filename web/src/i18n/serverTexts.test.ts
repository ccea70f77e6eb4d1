import { afterEach, describe, expect, it } from "vitest";
import i18n from "@/i18n";
import { keyedText } from "./reasons";

afterEach(() => i18n.changeLanguage("pt-BR"));

const field = (key: string, params: Record<string, unknown>, english = "the English") => keyedText("fieldReasons", key, params, english);

describe("a campaign's field problems", () => {
  it("word the template's state at Meta, with Meta's reason when it gave one", async () => {
    const p = { name: "pedido", language: "pt_BR", status: "REJECTED", reason: "INCORRECT_CATEGORY" };
    expect(field("template_not_approved", p)).toBe(
      "O modelo «pedido» (pt_BR) está Rejeitado na Meta (INCORRECT_CATEGORY): só modelos aprovados são entregues.",
    );
    expect(field("template_not_approved", { ...p, status: "PAUSED", reason: "" })).toBe(
      "O modelo «pedido» (pt_BR) está Pausado na Meta: só modelos aprovados são entregues.",
    );
    await i18n.changeLanguage("en");
    expect(field("template_not_approved", { ...p, reason: "" })).toBe("The template “pedido” (pt_BR) is Rejected at Meta: only approved templates are delivered.");
  });

  it("say what a Graph code means, or keep the plugin's English for a code it does not know", () => {
    expect(field("template_refused", { code: "132000", detail: "x" })).toBe(
      "O WhatsApp recusaria esta mensagem (erro 132000): o número de variáveis não confere com o modelo.",
    );
    expect(field("template_refused", { code: "999", detail: "x" }, "the plugin's words")).toBe("the plugin's words");
  });

  it("name the channels of a connection that sends on another", () => {
    expect(field("connection_wrong_channel", { name: "Loja", channel: "sms", plugin: "twilio-sms", want: "whatsapp" })).toBe(
      "«Loja» é uma conexão de SMS (twilio-sms): uma campanha de WhatsApp envia por uma conexão de WhatsApp.",
    );
  });

  it("place an expression's problem by line and column", async () => {
    expect(field("expr_unknown_field", { object: "contact", field: "nome", line: 1, column: 9 })).toBe(
      "«contact» não tem o campo «nome» (linha 1, coluna 9).",
    );
    expect(field("expr_unexpected_end", { line: 1, column: 15 })).toBe("A expressão termina antes do esperado: falta algo no final (linha 1, coluna 15).");
    expect(field("expr_unexpected_end", {}, "unexpected token EOF")).toBe("unexpected token EOF");
    await i18n.changeLanguage("en");
    expect(field("expr_unknown_name", { name: "nome", line: 2, column: 3 })).toBe("Unknown name: “nome” (line 2, column 3).");
  });

  it("say what JSON kind a body value must be", () => {
    expect(field("wrong_type", { field: "tags", want: "list" })).toBe("O campo «tags» deve ser uma lista.");
  });
});
