import { expect, test, type Locator, type Page } from "@playwright/test";
import { login, shot, toast, unique } from "./helpers";
import { customerWrites, phone, simOutbox, whatsappSim } from "./inbox-helpers";

async function center(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error("not visible");
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** connect drags from a source handle to a node (React Flow connects to its nearest handle). */
async function connect(page: Page, from: Locator, to: Locator) {
  const a = await center(from);
  const tb = await to.boundingBox();
  if (!tb) throw new Error("target not visible");
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(a.x + 10, a.y + 20, { steps: 4 });
  await page.mouse.move(tb.x + tb.width / 2, tb.y + 2, { steps: 12 });
  await page.mouse.up();
}

test("a flow built in the visual editor answers a customer, and the answer shows up live in the inbox", async ({ page }) => {
  test.setTimeout(150_000);
  await login(page, "/flows");
  // A keyword of its own, far from the demo's support menu ("menu", "ajuda").
  const keyword = unique("pedido").replace(/-/g, "");
  const answer = `Oi {{ contact.name }}! Recebemos sua mensagem (${keyword}).`;

  // 1. Build: message received (keyword) → WhatsApp reply
  await page.getByRole("button", { name: "Novo fluxo" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Título").fill(`Resposta ${keyword}`);
  await dialog.getByRole("button", { name: "Criar" }).click();
  await expect(page).toHaveURL(/\/flows\/flw_\w+$/);
  await expect(page.getByTestId("node-trigger")).toBeVisible();

  await page.getByTestId("node-trigger").click();
  const trigger = page.getByTestId("trigger-form");
  await trigger.getByRole("textbox", { name: "keyword" }).fill(keyword);
  await trigger.getByRole("textbox", { name: "keyword" }).press("Tab");

  const canvas = page.getByTestId("flow-canvas");
  await expect(canvas).toHaveAttribute("data-settled", "true"); // the first fit moves every node
  const cb = (await canvas.boundingBox())!;
  // On the canvas's left: a step dropped near its right edge, by the properties panel, can
  // land with its handle past the edge, out of reach.
  await page.getByTestId("palette-whatsapp.send").dragTo(canvas, { targetPosition: { x: 140, y: cb.height / 2 } });
  const send = page.getByTestId("node-send");
  await expect(send).toBeVisible();
  await connect(page, page.getByTestId("handle-greeting-next"), send);
  await connect(page, page.getByTestId("handle-send-next"), page.getByTestId("node-done"));

  await send.click();
  const form = page.getByTestId("step-form");
  await form.getByRole("textbox", { name: "to", exact: true }).fill("{{ contact.phone }}");
  await form.getByRole("textbox", { name: "text", exact: true }).first().fill(answer);
  await form.getByRole("textbox", { name: "text", exact: true }).first().press("Tab");
  await expect(page.getByTestId("problem-count")).toHaveAttribute("data-count", "0");

  await page.getByRole("tab", { name: "YAML" }).click();
  const yaml = await page.getByTestId("yaml-textarea").inputValue();
  expect(yaml).toContain(`keyword: ${keyword}`);
  expect(yaml).toContain("uses: whatsapp.send");
  expect(yaml).toContain("next: send");
  await page.getByRole("tab", { name: "Visual" }).click();

  // 2. Publish
  await page.getByRole("button", { name: "Publicar" }).click();
  await expect(toast(page, "Versão 1 publicada").last()).toBeVisible();

  // 3. A simulated customer writes the keyword while the inbox is open
  await page.goto("/inbox");
  await expect(page.getByTestId("live")).toHaveAttribute("data-state", "live");
  const sim = await whatsappSim(page);
  const from = phone();
  const name = `Marina ${keyword.slice(-4)}`;
  await customerWrites(page, sim, from, `${keyword} quero acompanhar meu pedido`, name);

  // 4. The conversation appears live; the bot's reply arrives in its thread without a reload
  const row = page.getByTestId("conversation-list").getByRole("link").filter({ hasText: name });
  await expect(row).toBeVisible();
  await row.click();
  const thread = page.getByTestId("thread");
  await expect(thread.locator('[data-direction="in"]').filter({ hasText: keyword })).toBeVisible();
  const reply = `Oi ${name}! Recebemos sua mensagem (${keyword}).`;
  const bot = thread.locator('[data-author="bot"][data-direction="out"]').filter({ hasText: reply });
  await expect(bot).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText(reply);
  const order = await thread.getByTestId("message").evaluateAll((els) => els.map((e) => e.getAttribute("data-author")));
  expect(order.indexOf("contact")).toBeLessThan(order.lastIndexOf("bot"));
  // it really went out through the WhatsApp simulator
  expect(await simOutbox(page, sim)).toContain(reply);
  await shot(page, "flow-to-inbox");
});
