import { afterEach, describe, expect, it } from "vitest";
import i18n from "@/i18n";
import type { Diagnostic } from "./flowDoc";
import { ApiError } from "@/api/client";
import { lintMessage, publishProblems } from "./lintMessage";

afterEach(() => i18n.changeLanguage("pt-BR"));

const diag = (p: Partial<Diagnostic>): Diagnostic => ({ file: "flow", line: 3, col: 5, code: "dangling-reference", message: "english", ...p });

describe("lint problems", () => {
  it("word a keyed problem in pt-BR, with the did-you-mean only when there is one", () => {
    expect(lintMessage(diag({ reason: "dangling_step", params: { step: "suport", suggestion: "support" } }))).toBe(
      "Não existe etapa com o ID «suport». Você quis dizer «support»?",
    );
    expect(lintMessage(diag({ reason: "dangling_step", params: { step: "menu", suggestion: "" } }))).toBe("Não existe etapa com o ID «menu».");
    expect(lintMessage(diag({ reason: "missing_input", params: { input: "text" } }))).toBe("Falta o campo obrigatório «text».");
    expect(lintMessage(diag({ reason: "unreachable_step", params: { step: "fim" } }))).toBe(
      "A etapa «fim» nunca é alcançada: nenhuma etapa anterior leva até ela.",
    );
  });

  it("word it in English when the UI is in English", async () => {
    await i18n.changeLanguage("en");
    expect(lintMessage(diag({ reason: "unknown_input", params: { input: "timout", suggestion: "timeout" } }))).toBe(
      "The action takes no input “timout”. Did you mean “timeout”?",
    );
  });

  it("show the server's English for an unkeyed problem, an unknown reason or a missing param", () => {
    expect(lintMessage(diag({ message: "want a list, got a string" }))).toBe("want a list, got a string");
    expect(lintMessage(diag({ reason: "new_rule", message: "a newer rule" }))).toBe("a newer rule");
    expect(lintMessage(diag({ reason: "dangling_step", params: { step: "x" }, message: 'no step has id "x"' }))).toBe('no step has id "x"');
  });
});

describe("a refused publish", () => {
  const refused = (fields: Record<string, string>, fieldReasons: Record<string, { reason: string; params?: Record<string, unknown> }>) =>
    new ApiError(400, "invalid_input", "fix the draft's problems before publishing", fields, {
      reason: "publish_has_problems",
      params: { count: Object.keys(fields).length },
      fieldReasons,
    });

  it("words each path's problem from its lint reason, and strips the place from the English of the others", async () => {
    const e = refused(
      {
        "steps[0].next": 'keyed:8:11: dangling-reference: no step has id "suport"; did you mean "support"? (at steps[0].next)',
        "steps[1].if": "keyed:11:9: invalid-expression: type flow.Contact has no field nome (at steps[1].if)",
        "steps[2].with": "keyed:14:5: invalid-input: want a list, got a string (at steps[2].with)",
      },
      {
        "steps[0].next": { reason: "dangling_step", params: { step: "suport", suggestion: "support" } },
        "steps[1].if": { reason: "expr_unknown_field", params: { object: "contact", field: "nome" } },
      },
    );
    expect(publishProblems(e)).toEqual({
      "steps[0].next": "Não existe etapa com o ID «suport». Você quis dizer «support»?",
      "steps[1].if": "«contact» não tem o campo «nome».",
      "steps[2].with": "want a list, got a string",
    });
    await i18n.changeLanguage("en");
    expect(publishProblems(e)["steps[1].if"]).toBe("“contact” has no field “nome”.");
  });
});
