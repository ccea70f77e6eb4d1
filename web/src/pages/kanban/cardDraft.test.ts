import { describe, expect, it } from "vitest";
import type { Card } from "@/features/kanban";
import { cardPatch, draftOf, localDate, moneyText, parseMoney } from "./cardDraft";

const card: Card = {
  id: "crd_1", board_id: "brd_1", stage_id: "stg_1", contact_id: "con_1", title: "Orçamento", value_cents: 150000,
  currency: "BRL", owner_id: "", position: "a0", created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z",
};

describe("parseMoney", () => {
  it.each([
    ["1.500,50", 150050], ["1500,5", 150050], ["1500.5", 150050], ["1,500.50", 150050], ["1.500", 150000],
    ["R$ 20", 2000], ["0,99", 99], ["", 0], ["12.345.678,90", 1234567890],
  ])("reads %j as %d cents", (text, cents) => expect(parseMoney(text)).toBe(cents));
  it.each(["abc", "1,2,3", "-5", "1,999", "10.5.5"])("refuses %j", (text) => expect(parseMoney(text)).toBeNull());
});

describe("moneyText", () => {
  it("uses the language's decimal mark, without grouping", () => {
    expect(moneyText(150050, "pt-BR")).toBe("1500,50");
    expect(moneyText(150050, "en")).toBe("1500.50");
  });
});

describe("cardPatch", () => {
  it("is empty when nothing changed", () => {
    expect(cardPatch(card, draftOf(card, "pt-BR"))).toEqual({ patch: {}, bad: {} });
  });
  it("sends only the changed fields", () => {
    const d = { ...draftOf(card, "pt-BR"), title: " Orçamento grande ", value: "2.500,00", owner: "usr_1" };
    expect(cardPatch(card, d)).toEqual({ patch: { title: "Orçamento grande", value_cents: 250000, owner_id: "usr_1" }, bad: {} });
  });
  it("sets a due date as that day, and clears one", () => {
    const set = cardPatch(card, { ...draftOf(card, "pt-BR"), due: "2026-12-24" }).patch;
    expect(localDate(set.due_at)).toBe("2026-12-24");
    const due = { ...card, due_at: set.due_at };
    expect(cardPatch(due, { ...draftOf(due, "pt-BR"), due: "" }).patch).toEqual({ clear_due: true });
  });
  it("refuses an empty title and a value that is not money", () => {
    expect(cardPatch(card, { ...draftOf(card, "pt-BR"), title: " ", value: "muito" }).bad).toEqual({ title: "required", value: "money" });
  });
});
