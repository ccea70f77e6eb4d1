import { expect, test, type Page } from "@playwright/test";
import { login, seedBoard, shot, toast } from "./helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow

/** dragTo drags an element onto another with real pointer events (dnd-kit starts after 6 px). */
async function dragTo(page: Page, from: ReturnType<Page["locator"]>, to: ReturnType<Page["locator"]>) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error("drag: element not visible");
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2 + 4, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height - 30, { steps: 20 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height - 24, { steps: 4 });
  await page.mouse.up();
}

test("a card dragged to another stage stays there after a reload, with its history", async ({ page }) => {
  await login(page, "/kanban");
  const card = page.getByTestId("card-Orçamento loja Centro");
  await expect(page.getByTestId("stage-Novo lead").getByTestId("card-Orçamento loja Centro")).toBeVisible();
  await expect(page.getByTestId("stage-Novo lead")).toContainText("Rafael Nunes"); // the contact behind the card

  await dragTo(page, card, page.getByTestId("stage-Proposta"));
  await expect(toast(page, "Cartão movido para Proposta")).toBeVisible();
  await expect(page.getByTestId("stage-Proposta").getByTestId("card-Orçamento loja Centro")).toBeVisible();

  await page.reload();
  await expect(page.getByTestId("stage-Proposta").getByTestId("card-Orçamento loja Centro")).toBeVisible();
  await expect(page.getByTestId("stage-Novo lead").getByTestId("card-Orçamento loja Centro")).toHaveCount(0);
  // Below the card that was already there: dropped at the column's end.
  const titles = await page.getByTestId("stage-Proposta").locator("[data-testid^=card-]").evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")));
  expect(titles).toEqual(["card-Proposta franquia Curitiba", "card-Orçamento loja Centro"]);
  await shot(page, "kanban");

  await page.getByTestId("card-Orçamento loja Centro").click();
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByTestId("drawer-stage")).toHaveText("Proposta");
  await expect(drawer.getByTestId("card-history")).toContainText("Movido de Novo lead para Proposta");
});

test("the card drawer of a contact who never wrote says so", async ({ page }) => {
  // A new contact: the demo's seeded ones may have answered a campaign
  // another test sent (the simulated customers reply to templates).
  await login(page, "/kanban");
  const phone = `+55119${String(Date.now()).slice(-8)}`;
  const made = await page.request.post("/api/v1/contacts", { data: { name: "Sem Conversa", phone } });
  expect(made.ok(), await made.text()).toBeTruthy();
  const contact = await made.json();
  const boards = await (await page.request.get("/api/v1/boards")).json();
  const res = await page.request.post("/api/v1/cards", { data: { stage_id: boards.items[0].stages[0].id, contact_id: contact.id, title: "Lead sem conversa" } });
  expect(res.ok(), await res.text()).toBeTruthy();

  await page.reload();
  await page.getByTestId("card-Lead sem conversa").click();
  await expect(page.getByRole("dialog")).toContainText("Nenhuma conversa com este contato ainda.");
});

test("the card drawer shows the contact's conversation", async ({ page }) => {
  await login(page, "/kanban");
  // Ana wrote to the demo's WhatsApp number when the server started.
  const found = await (await page.request.get("/api/v1/contacts?q=Ana")).json();
  const ana = found.items.find((c: { name: string }) => c.name === "Ana Souza");
  expect(ana, JSON.stringify(found)).toBeTruthy();
  const boards = await (await page.request.get("/api/v1/boards")).json();
  const stage = boards.items[0].stages[1];
  const res = await page.request.post("/api/v1/cards", { data: { stage_id: stage.id, contact_id: ana.id, title: "Atendimento Ana" } });
  expect(res.ok(), await res.text()).toBeTruthy();

  await page.reload();
  await page.getByTestId("card-Atendimento Ana").click();
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByTestId("drawer-messages")).toContainText("menu");
  await expect(drawer.getByTestId("drawer-messages").getByText("menu", { exact: true })).toBeVisible();
  // Ana's own message sits on the customer's side, the bot's menu on ours, and the channel reads as people write it
  await expect(drawer.locator('[data-direction="in"]').filter({ hasText: "menu" }).first()).toHaveClass(/justify-self-start/);
  await expect(drawer.locator('[data-direction="out"]').filter({ hasText: "Como posso ajudar?" }).first()).toHaveClass(/justify-self-end/);
  await expect(drawer.getByTestId("drawer-messages")).toContainText("WhatsApp");
});

test("a new board starts empty with the stages given", async ({ page }) => {
  await login(page, "/kanban");
  await page.getByRole("button", { name: "Novo quadro" }).click();
  const name = `Pós-venda ${Date.now().toString(36)}`;
  await page.getByLabel("Nome do quadro").fill(name);
  await page.getByLabel("Etapas").fill("Entregue\nAvaliação");
  await page.getByRole("button", { name: "Criar" }).click();
  await expect(toast(page, `Quadro ${name} criado`)).toBeVisible();
  await expect(page.getByTestId("stage-Entregue")).toBeVisible();
  await expect(page.getByTestId("stage-Avaliação")).toContainText("Arraste cartões para cá");
  await expect(page).toHaveURL(/\/kanban\/brd_/);
});

test("a card moves with the keyboard too", async ({ page }) => {
  // A board of its own: the demo board's first stage grows with what other specs add to it.
  await login(page, "/kanban");
  const board = await seedBoard(page, "Pipeline teclado", ["Novo", "Qualificado"], "Plano teclado");
  await page.goto(`/kanban/${board.id}`);
  const card = page.getByTestId("stage-Novo").getByTestId("card-Plano teclado");
  await expect(card).toBeVisible();
  await card.focus();
  await page.keyboard.press("Space"); // lift
  await expect(card).toHaveAttribute("aria-pressed", "true");
  // An arrow pressed before the drag has measured the stages moves nowhere (on a loaded machine
  // that can take a while): press it until dnd-kit announces the card over the next stage. With
  // two stages, a second press cannot overshoot.
  const live = page.locator('[id^="DndLiveRegion"]');
  await expect(async () => {
    await page.keyboard.press("ArrowRight");
    await expect(live).toContainText(/was moved over droppable area stg_/, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.keyboard.press("Space"); // drop
  await expect(toast(page, "Cartão movido para Qualificado")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("stage-Qualificado").getByTestId("card-Plano teclado")).toBeVisible();
});
