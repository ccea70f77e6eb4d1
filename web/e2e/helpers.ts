import { expect, type Page } from "@playwright/test";

export const DEMO = { email: "demo@masteria.local", password: "masteria-demo" };

/** login starts a session through the API (sharing the page's cookies) and opens a path. */
export async function login(page: Page, path = "/") {
  const res = await page.request.post("/api/v1/auth/login", { data: DEMO });
  expect(res.ok(), await res.text()).toBeTruthy();
  await page.goto(path);
}

/** unique makes names that do not collide between tests sharing one server. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

/** toast is the on-screen toast holding a text (not the screen reader's copy). */
export function toast(page: Page, text: string | RegExp) {
  return page.locator("[data-variant]").filter({ hasText: text });
}

/** shot writes a screenshot under e2e/screenshots for the README and reviews. */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, animations: "disabled" });
}

/** audienceOfTwo creates two contacts of their own under a fresh tag, so no other spec's sends (SMS to one number is sent once) meet them. */
export async function audienceOfTwo(page: Page): Promise<{ tag: string; names: string[] }> {
  const tag = unique("aud").toLowerCase();
  const names = [`Alice ${tag}`, `Bruno ${tag}`];
  for (const name of names) {
    const phone = `+55119${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;
    const res = await page.request.post("/api/v1/contacts", { data: { name, phone, tags: [tag] } });
    expect(res.ok(), await res.text()).toBeTruthy();
  }
  return { tag, names };
}

/** seedBoard makes a board of its own (other specs use the demo's) with one card, of Mariana's, in its first stage. */
export async function seedBoard(page: Page, prefix: string, stages: string[], title: string): Promise<{ id: string }> {
  const board = await (await page.request.post("/api/v1/boards", { data: { name: unique(prefix), stages } })).json();
  const contacts = await (await page.request.get("/api/v1/contacts?q=Mariana")).json();
  const res = await page.request.post("/api/v1/cards", {
    data: { stage_id: board.stages[0].id, contact_id: contacts.items[0].id, title, value_cents: 100000, currency: "BRL" },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  return board as { id: string };
}
