import { expect, test } from "@playwright/test";
import { login, shot, toast, unique } from "./helpers";
import { customerWrites, phone, simOutbox, whatsappSim } from "./inbox-helpers";

test("inbox: a customer's message arrives live; the agent takes over, replies, notes, labels, searches and hands back", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, "/inbox");
  await expect(page.getByRole("heading", { name: "Conversas", level: 1 })).toBeVisible();
  await expect(page.getByTestId("live")).toHaveAttribute("data-state", "live");
  const sim = await whatsappSim(page);

  // A new customer writes while the inbox is open: the row appears without a reload.
  const from = phone();
  const word = unique("rastreio").replace(/-/g, "");
  const name = `Zé ${word.slice(-5)}`;
  await customerWrites(page, sim, from, `Oi, quero saber do pedido ${word}`, name);
  const row = page.getByTestId("conversation-list").getByRole("link").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText(word);

  await row.click();
  await expect(page).toHaveURL(/\/inbox\/cnv_\w+$/);
  await expect(page.getByTestId("thread-title")).toHaveText(name);
  const thread = page.getByTestId("thread");
  await expect(thread.locator('[data-direction="in"]').filter({ hasText: word })).toBeVisible();
  await expect(page.getByTestId("window")).toContainText("Janela de 24 h aberta");

  // Take over from the bot
  await page.getByRole("button", { name: "Assumir do bot" }).click();
  await expect(toast(page, "Você assumiu a conversa").last()).toBeVisible();
  await expect(page.getByTestId("handler")).toHaveAttribute("data-handler", "human");

  // Reply: shown at once, and really sent to the customer through the simulator
  const reply = `Olá! Seu pedido ${word} saiu para entrega.`;
  await page.getByRole("textbox", { name: "Responder" }).fill(reply);
  await page.keyboard.press("Enter");
  const mine = thread.locator('[data-author="agent"][data-direction="out"]').filter({ hasText: reply });
  await expect(mine).toBeVisible();
  await expect.poll(() => simOutbox(page, sim)).toContain(reply);
  // its delivery status moves forward live (sent → delivered/read)
  await expect(mine).toHaveAttribute("data-status", /sent|delivered|read/);
  // and the list shows its ticks before the preview, as WhatsApp does
  await expect(row.getByTestId("last-status")).toHaveAttribute("data-status", /sent|delivered|read/);
  await expect(row.getByTestId("last-status")).toHaveAttribute("aria-label", /^Última mensagem (enviada|entregue|lida)$/);

  // A reply WhatsApp refuses says why, under the message
  const fault = await page.request.post(`${sim}/_sim/faults`, { data: { faults: [{ code: 131026, times: 1, endpoint: "messages" }] } });
  expect(fault.ok(), await fault.text()).toBeTruthy();
  const refused = `Confirma o endereço ${word}?`;
  await page.getByRole("textbox", { name: "Responder" }).fill(refused);
  await page.keyboard.press("Enter");
  const failed = thread.locator('[data-author="agent"][data-direction="out"]').filter({ hasText: refused });
  const convID = page.url().split("/").pop()!;
  await expect.poll(async () => JSON.stringify(((await (await page.request.get(`/api/v1/conversations/${convID}/messages?limit=3`)).json()) as { items: unknown[] }).items), { timeout: 15000 }).toContain('"status":"failed"');
  await expect(failed).toHaveAttribute("data-status", "failed");
  await expect(failed.getByTestId("message-error")).toContainText("Não enviada: o número não pode receber mensagens do WhatsApp");
  await expect(failed.getByTestId("message-error")).toContainText("(131026)");
  // and the list marks the conversation, live, as WhatsApp Business does
  await expect(row.getByTestId("last-failed")).toHaveAttribute("aria-label", "A última mensagem não foi enviada");

  // An internal note
  await page.getByRole("tab", { name: "Nota" }).click();
  await page.getByRole("textbox", { name: /nota interna/ }).fill("Cliente VIP, priorizar");
  await page.getByRole("button", { name: "Salvar nota" }).click();
  await expect(toast(page, "Nota salva").last()).toBeVisible();
  await expect(thread.locator('[data-direction="note"]').filter({ hasText: "Cliente VIP" })).toBeVisible();
  expect(await simOutbox(page, sim)).not.toContain("Cliente VIP"); // notes are never sent
  // a note is not the list's preview (the simulated customer may have answered meanwhile)
  await expect(row).not.toContainText("Cliente VIP");

  // A label, shown on the thread and in the list
  await page.getByRole("textbox", { name: "Nova etiqueta" }).fill("vip");
  await page.keyboard.press("Enter");
  await expect(toast(page, "Etiqueta adicionada").last()).toBeVisible();
  await expect(page.getByTestId("labels").locator('[data-label="vip"]')).toBeVisible();
  await expect(row).toContainText("vip");

  // Taking over assigned it to me; unassign, then assign to me again, from the actions menu
  const conv = page.url().split("/").pop()!;
  const assignee = async () => ((await (await page.request.get(`/api/v1/conversations/${conv}`)).json()) as { assignee_id?: string }).assignee_id ?? "";
  expect(await assignee()).not.toBe("");
  // the composer's templates (for outside the 24-hour window): the connection's approved ones
  const tpl = await page.request.get(`/api/v1/conversations/${conv}/templates`);
  expect(tpl.ok(), await tpl.text()).toBeTruthy();
  const items = ((await tpl.json()) as { items: { name: string; header?: string }[] }).items;
  const names = items.map((x) => x.name);
  expect(names).toContain("pedido_confirmado");
  expect(names).not.toContain("promo_pausada");
  // a template whose header is an image says so: the composer then asks for the file
  expect(items.find((x) => x.name === "promo_imagem")?.header).toBe("image");
  expect(items.find((x) => x.name === "pedido_confirmado")?.header).toBeUndefined();
  await page.getByRole("button", { name: "Mais ações" }).click();
  await page.getByRole("menuitem", { name: "Remover responsável" }).click();
  await expect(toast(page, "Responsável atualizado").last()).toBeVisible();
  await expect.poll(assignee).toBe("");
  await page.getByRole("button", { name: "Mais ações" }).click();
  await page.getByRole("menuitem", { name: "Atribuir a mim" }).click();
  await expect.poll(assignee).not.toBe("");

  // The customer answers: it arrives in the open thread, live
  await customerWrites(page, sim, from, `Obrigado! ${word} recebido`);
  await expect(thread.locator('[data-direction="in"]').filter({ hasText: `${word} recebido` })).toBeVisible();

  await shot(page, "inbox");

  // Hand back to the bot
  await page.getByRole("button", { name: "Devolver ao bot" }).click();
  await expect(toast(page, "Conversa devolvida ao bot").last()).toBeVisible();
  await expect(page.getByTestId("handler")).toHaveAttribute("data-handler", "bot");

  // Debounced full-text search finds the message and opens its conversation
  await page.goto("/inbox");
  await page.getByRole("searchbox", { name: "Buscar por nome, telefone ou mensagem" }).fill(word);
  const hit = page.getByTestId("search-result").filter({ hasText: "saiu para entrega" });
  await expect(hit).toBeVisible();
  await expect(page.getByText("Nenhuma mensagem com")).toHaveCount(0);
  await hit.click();
  await expect(page).toHaveURL(new RegExp(`/inbox/${conv}$`));
});

test("inbox: filters, an empty state, and an unknown conversation", async ({ page }) => {
  await login(page, "/inbox");
  await page.getByRole("combobox", { name: "Atendido por" }).click();
  await page.getByRole("option", { name: "Atendente" }).click();
  await page.getByRole("combobox", { name: "Status" }).click();
  await page.getByRole("option", { name: "Resolvidas" }).click();
  await expect(page.getByText("Nenhuma conversa aqui")).toBeVisible();

  await page.goto("/inbox/cnv_doesnotexist");
  await expect(page.getByRole("alert")).toContainText("Não encontrado");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  test("inbox on a phone: the list, then the thread with a way back", async ({ page }) => {
    await login(page, "/inbox");
    const list = page.getByTestId("conversation-list");
    await expect(list.getByRole("link").first()).toBeVisible();
    const box = (await list.boundingBox())!;
    expect(box.width).toBeGreaterThan(350); // the list takes the whole width
    await list.getByRole("link").first().click();
    await expect(page.getByTestId("thread")).toBeVisible();
    await expect(list).toBeHidden();
    await expect(page.getByTestId("composer")).toBeVisible();
    await expect(page.getByTestId("thread").getByTestId("message").first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0); // nothing scrolls sideways
    await shot(page, "inbox-mobile");
    await page.getByRole("link", { name: "Voltar para a lista" }).click();
    await expect(list).toBeVisible();
  });
});
