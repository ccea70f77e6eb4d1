import { afterEach, describe, expect, it } from "vitest";
import i18n from "@/i18n";
import { importPercent, rowErrors, rowProblem, type ImportJob } from "./contacts";

afterEach(() => i18n.changeLanguage("pt-BR"));

const job = (p: Partial<ImportJob>): ImportJob => ({
  id: "imp_1", status: "validating", total: 10, processed: 0, created: 0, updated: 0, errors: "[]", options: "{}", created_at: "", ...p,
});

describe("imports", () => {
  it("reads the error report whether it arrives as an array or as text", () => {
    const list = [{ row: 3, field: "phone", message: "not a phone number" }];
    expect(rowErrors(job({ errors: list as unknown as string }))).toEqual(list);
    expect(rowErrors(job({ errors: JSON.stringify(list) }))).toEqual(list);
    expect(rowErrors(job({ errors: "garbage" }))).toEqual([]);
    expect(rowErrors(undefined)).toEqual([]);
  });
  it("words each row's problem from its reason: a field's, or the row's own", async () => {
    expect(rowProblem({ row: 3, field: "phone", reason: "invalid_phone", message: "is not a valid phone number" })).toBe(
      "Telefone inválido: inclua o DDI e o DDD, como +55 11 98765-4321.",
    );
    expect(rowProblem({ row: 2, reason: "cell_count", params: { cells: 1, header: 2 }, message: "has 1 cells, the header has 2" })).toBe(
      "A linha tem um número de células (1) diferente do cabeçalho (2).",
    );
    expect(rowProblem({ row: 4, field: "fields.budget", reason: "not_number", message: "must be a number" })).toBe("Informe um número.");
    await i18n.changeLanguage("en");
    expect(rowProblem({ row: 2, reason: "two_contacts", params: { first: "ctc_a", second: "ctc_b" }, message: "x" })).toBe(
      "This row's addresses belong to two different contacts (ctc_a and ctc_b).",
    );
  });
  it("shows the server's English for an unknown reason, an old report without one, or a missing param", () => {
    expect(rowProblem({ row: 3, field: "x", reason: "brand_new", message: "the server's words" })).toBe("the server's words");
    expect(rowProblem({ row: 3, field: "phone", message: "is not a valid phone number" })).toBe("is not a valid phone number");
    expect(rowProblem({ row: 2, reason: "cell_count", message: "has 1 cells, the header has 2" })).toBe("has 1 cells, the header has 2");
  });
  it("measures progress by rows, 100 only when finished", () => {
    expect(importPercent(job({ processed: 5 }))).toBe(50);
    expect(importPercent(job({ processed: 10 }))).toBe(99);
    expect(importPercent(job({ status: "writing", total: 0 }))).toBe(0);
    expect(importPercent(job({ status: "failed", processed: 2 }))).toBe(100);
  });
});
