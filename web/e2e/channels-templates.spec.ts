import { createHmac } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { login, shot, toast, unique } from "./helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow

const APP_SECRET = "sim-whatsapp-app-secret"; // the demo's WhatsApp connection (the simulator's app)

type Conn = { id: string; name: string; plugin_id: string; config: Record<string, unknown> };

async function connections(page: Page): Promise<Conn[]> {
  const res = await page.request.get("/api/v1/connections");
  expect(res.ok(), await res.text()).toBeTruthy();
  return ((await res.json()) as { items: Conn[] }).items;
}

/** templateStatus posts Meta's signed message_template_status_update webhook to the connection, from its business account. */
async function templateStatus(page: Page, conn: Conn, name: string, event: string, category?: string) {
  const value = { event, message_template_id: Math.floor(Math.random() * 1e15), message_template_name: name, message_template_language: "pt_BR", reason: "NONE", ...(category ? { message_template_category: category } : {}) };
  const body = JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: String(conn.config.waba_id), time: 0, changes: [{ field: "message_template_status_update", value }] }] });
  const sig = "sha256=" + createHmac("sha256", APP_SECRET).update(body).digest("hex");
  const res = await page.request.post(`/hooks/${conn.id}`, { data: body, headers: { "Content-Type": "application/json", "X-Hub-Signature-256": sig } });
  expect(res.status(), await res.text()).toBe(200);
}

test("a WhatsApp connection lists its templates with status and quality; webhooks update them and a sync fetches them again", async ({ page }) => {
  await login(page, "/channels");
  const wa = (await connections(page)).find((c) => c.plugin_id === "whatsapp-cloud" && c.name === "WhatsApp (simulador)")!;
  const card = page.getByTestId(`connection-${wa.name}`);
  await card.getByRole("button", { name: `Modelos de mensagem de ${wa.name}` }).click();

  const dialog = page.getByTestId("templates-dialog");
  const row = (name: string, lang = "pt_BR") => dialog.getByTestId(`template-${name}-${lang}`);
  await expect(dialog.getByRole("heading", { name: `Modelos de mensagem — ${wa.name}` })).toBeVisible();
  await expect(row("promo_pausada").getByTestId("template-status")).toHaveText("Pausado");
  await expect(row("promo_pausada").getByTestId("template-quality")).toHaveText("Baixa");
  await expect(row("boas_vindas").getByTestId("template-status")).toHaveText("Aprovado");
  await expect(row("boas_vindas").getByTestId("template-quality")).toHaveText("Média");
  await expect(row("hello_world", "en_US").getByTestId("template-quality")).toHaveText("Alta");
  await expect(row("promo_desativada").getByTestId("template-status")).toHaveText("Desativado");
  await expect(dialog.getByTestId("templates-synced-at")).toContainText("Sincronizados em");
  await shot(page, "channels-templates");
  await page.keyboard.press("Escape");

  // Meta announces a template created after the sync, and reinstates the paused one.
  const created = unique("aviso_entrega").replaceAll("-", "_");
  await templateStatus(page, wa, created, "APPROVED", "UTILITY");
  await templateStatus(page, wa, "promo_pausada", "REINSTATED");
  await card.getByRole("button", { name: `Modelos de mensagem de ${wa.name}` }).click();
  await expect(row(created).getByTestId("template-status")).toHaveText("Aprovado");
  await expect(row(created).getByTestId("template-quality")).toHaveText("Sem avaliação");
  await expect(row(created)).toContainText("Utilidade");
  await expect(row("promo_pausada").getByTestId("template-status")).toHaveText("Aprovado");

  // A sync takes the provider's list again: the simulator knows neither change.
  await dialog.getByRole("button", { name: "Sincronizar" }).click();
  await expect(toast(page, /\d+ modelos sincronizados/)).toBeVisible();
  await expect(row(created)).toHaveCount(0);
  await expect(row("promo_pausada").getByTestId("template-status")).toHaveText("Pausado");
});

test("the templates API answers for a WhatsApp connection and refuses an SMS one", async ({ page }) => {
  await login(page, "/channels");
  const all = await connections(page);
  const wa = all.find((c) => c.plugin_id === "whatsapp-cloud")!;
  const sms = all.find((c) => c.plugin_id === "twilio-sms")!;

  const synced = await page.request.post(`/api/v1/connections/${wa.id}/templates/sync`);
  expect(synced.status(), await synced.text()).toBe(200);
  const body = (await synced.json()) as { synced_at: string; items: { name: string; status: string; quality: string; category: string }[] };
  expect(body.synced_at).toBeTruthy();
  expect(body.items).toContainEqual(expect.objectContaining({ name: "promo_pausada", status: "PAUSED", quality: "RED", category: "MARKETING" }));
  const listed = await page.request.get(`/api/v1/connections/${wa.id}/templates`);
  expect(((await listed.json()) as typeof body).items).toHaveLength(body.items.length);

  const refused = await page.request.get(`/api/v1/connections/${sms.id}/templates`);
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("conflict");
  await expect(page.getByTestId(`connection-${sms.name}`).getByRole("button", { name: /Modelos/ })).toHaveCount(0);
});
