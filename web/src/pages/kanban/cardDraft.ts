// The card drawer's form: a card as editable text, and back to a PATCH of what changed.
import type { Card, CardPatch } from "@/features/kanban";

export type CardDraft = { title: string; value: string; owner: string; due: string };

/** parseMoney reads an amount typed in pt-BR or English ("1.500,50", "1500.5", "R$ 20") as cents; null when it is not one. */
export function parseMoney(text: string): number | null {
  let s = text.replace(/R\$|\s/g, "");
  if (s === "") return 0;
  const lastComma = s.lastIndexOf(",");
  const lastDot = s.lastIndexOf(".");
  if (lastComma >= 0 && lastDot >= 0) {
    const dec = lastComma > lastDot ? "," : ".";
    s = s.split(dec === "," ? "." : ",").join("").replace(dec, ".");
  } else if (lastComma >= 0) {
    s = s.replace(",", ".");
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s)) {
    s = s.split(".").join(""); // 1.500 is fifteen hundred
  }
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole = "0", frac = ""] = s.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/** moneyText shows cents for editing, with the UI language's decimal mark. */
export function moneyText(cents: number, lang: string): string {
  return new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(cents / 100);
}

/** localDate is the calendar day of an instant where the user is ("" for none). */
export function localDate(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function draftOf(card: Card, lang: string): CardDraft {
  return { title: card.title, value: moneyText(card.value_cents, lang), owner: card.owner_id ?? "", due: localDate(card.due_at) };
}

/**
 * cardPatch is what the draft changes on the card (empty when nothing), or the fields in error.
 * A due date is kept at noon of that day where the user is, so it shows as the same day in nearby time zones.
 */
export function cardPatch(card: Card, d: CardDraft): { patch: CardPatch; bad: Partial<Record<keyof CardDraft, "required" | "money">> } {
  const patch: CardPatch = {};
  const bad: Partial<Record<keyof CardDraft, "required" | "money">> = {};
  const title = d.title.trim();
  if (title === "") bad.title = "required";
  else if (title !== card.title) patch.title = title;
  const cents = parseMoney(d.value);
  if (cents === null) bad.value = "money";
  else if (cents !== card.value_cents) patch.value_cents = cents;
  if (d.owner !== (card.owner_id ?? "")) patch.owner_id = d.owner;
  if (d.due !== localDate(card.due_at)) {
    if (d.due === "") patch.clear_due = true;
    else patch.due_at = new Date(`${d.due}T12:00:00`).toISOString();
  }
  return { patch, bad };
}
