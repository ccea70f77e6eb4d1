import { expect, test } from "@playwright/test";
import { login, toast, unique } from "./helpers";
import { phone, simOutbox, whatsappSim } from "./inbox-helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow

test("outside the 24-hour window the composer asks for a template's header value and link ending, then sends them", async ({ page }) => {
  await login(page, "/inbox");
  const sim = await whatsappSim(page);
  // A contact who never wrote: a template campaign opens the thread, its window closed.
  const tag = unique("tpl").toLowerCase();
  const handset = `${phone().slice(0, -1)}7`; // simulated customers whose number ends in 7 do not answer templates
  const contact = await page.request.post("/api/v1/contacts", { data: { name: `Dora ${tag}`, phone: `+${handset}`, tags: [tag] } });
  expect(contact.ok(), await contact.text()).toBeTruthy();
  const { id: contactId } = (await contact.json()) as { id: string };
  const created = await page.request.post("/api/v1/campaigns", {
    data: { name: unique("Aviso"), channel: "whatsapp", spec: { audience: { tags: [tag] }, message: { template: { name: "hello_world", language: "en_US" } } } },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  const { id: campaign } = (await created.json()) as { id: string };
  expect((await page.request.post(`/api/v1/campaigns/${campaign}/start`)).ok()).toBeTruthy();
  let conv = "";
  await expect
    .poll(async () => {
      const res = await page.request.get(`/api/v1/conversations?contact_id=${contactId}`);
      conv = ((await res.json()) as { items: { id: string }[] }).items[0]?.id ?? "";
      return conv;
    })
    .not.toBe("");

  await page.goto(`/inbox/${conv}`);
  await expect(page.getByText("Fora da janela de 24 horas do WhatsApp")).toBeVisible();
  await page.getByLabel("Nome do modelo").fill("pedido_enviado");
  await page.getByLabel("Variáveis (uma por linha, na ordem)").fill("Dora\n2");
  await page.getByLabel("Variável 1 do título (Pedido {{1}} a caminho)").fill("#31");
  await expect(page.getByTestId("tpl-preview")).toContainText("Pedido #31 a caminho");
  await expect(page.getByTestId("tpl-preview")).toContainText("Olá Dora, seu pedido saiu para entrega e chega em até 2 dias úteis.");
  const send = page.getByRole("button", { name: "Enviar modelo" });
  await expect(send).toBeDisabled(); // the link button's ending is still missing
  await page.getByLabel("Fim do link do botão «Rastrear pedido» (https://loja.example.com.br/rastreio/…)").fill("BR31");
  await send.click();
  await expect(toast(page, "Mensagem enviada").last()).toBeVisible();
  await expect(page.locator('[data-direction="out"]').filter({ hasText: "Pedido #31 a caminho" })).toBeVisible();
  await expect.poll(() => simOutbox(page, sim)).toContain('"text":"BR31"');
});
