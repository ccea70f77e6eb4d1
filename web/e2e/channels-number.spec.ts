// The WhatsApp card shows its number's health as the simulator (Meta) reports it, and
// why, in place of the facts, when WhatsApp refuses the connection's token.
import { expect, test, type Page } from "@playwright/test";
import { login, shot, unique } from "./helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow

type Conn = { id: string; name: string; plugin_id: string; config: Record<string, unknown> };

async function demoWhatsApp(page: Page): Promise<Conn> {
  const res = await page.request.get("/api/v1/connections");
  expect(res.ok(), await res.text()).toBeTruthy();
  return ((await res.json()) as { items: Conn[] }).items.find((c) => c.plugin_id === "whatsapp-cloud" && c.name === "WhatsApp (simulador)")!;
}

test("the WhatsApp card shows its number, verified name, quality and messaging limit", async ({ page }) => {
  await login(page, "/channels");
  const card = page.getByTestId("connection-WhatsApp (simulador)");
  await expect(card.getByTestId("whatsapp-number-display")).toHaveText("+15550783881");
  await expect(card.getByTestId("whatsapp-number-name")).toHaveText("Master IA Demo");
  await expect(card.getByTestId("whatsapp-number-quality")).toHaveText("Alta");
  await expect(card.getByTestId("whatsapp-number-limit")).toHaveText("250 clientes novos por 24 h");
  await expect(card.getByTestId("whatsapp-number")).toContainText("compartilhado por todos os seus números");
  await shot(page, "channels-number");
});

test("a WhatsApp connection whose token WhatsApp refuses says so on its card", async ({ page }) => {
  await login(page, "/channels");
  const demo = await demoWhatsApp(page);
  const name = unique("WA token recusado");
  const res = await page.request.post("/api/v1/connections", {
    data: {
      plugin_id: "whatsapp-cloud",
      name,
      config: { ...demo.config, access_token: "token-revogado", app_secret: "x", verify_token: "y" },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const id = ((await res.json()) as { id: string }).id;
  try {
    await page.reload();
    const card = page.getByTestId(`connection-${name}`);
    await expect(card.getByTestId("whatsapp-number-error")).toContainText("O WhatsApp recusou as credenciais desta conexão");
    await expect(card.getByTestId("whatsapp-number-display")).toHaveCount(0);
  } finally {
    await page.request.delete(`/api/v1/connections/${id}`);
  }
});
