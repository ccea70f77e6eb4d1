import { expect, test, type Page } from "@playwright/test";
import { login, seedBoard, shot, toast } from "./helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow

const stageNames = (page: Page) =>
  page.getByTestId("kanban-board").locator("section[data-testid^=stage-]").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));

test("stages are renamed, added, moved and (only when empty) deleted; a card's value is edited; all survive a reload", async ({ page }) => {
  await login(page, "/kanban");
  const board = await seedBoard(page, "Pipeline etapas", ["Contato", "Negociação", "Fechado"], "Pedido atacado");
  await page.goto(`/kanban/${board.id}`);
  await expect(page.getByTestId("stage-Contato").getByTestId("card-Pedido atacado")).toBeVisible();

  // Rename a stage.
  await page.getByRole("button", { name: "Opções da etapa Negociação" }).click();
  await page.getByRole("menuitem", { name: "Renomear" }).click();
  let dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nome da etapa").fill("Proposta enviada");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await expect(toast(page, "Etapa Proposta enviada salva")).toBeVisible();

  // A name the board already has is refused with the server's reason (worded in pt-BR from its key), and nothing changes.
  await page.getByRole("button", { name: "Opções da etapa Fechado" }).click();
  await page.getByRole("menuitem", { name: "Renomear" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nome da etapa").fill("Contato");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await expect(toast(page, "O nome «Contato» já está em uso.")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancelar" }).click();

  // Add a stage (at the end), then move it one place left.
  await page.getByRole("button", { name: "Nova etapa" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nome da etapa").fill("Perdido");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await expect(page.getByTestId("stage-Perdido")).toBeVisible();
  await expect.poll(() => stageNames(page)).toEqual(["Contato", "Proposta enviada", "Fechado", "Perdido"]);
  await page.getByRole("button", { name: "Opções da etapa Perdido" }).click();
  await page.getByRole("menuitem", { name: "Mover para a esquerda" }).click();
  await expect.poll(() => stageNames(page)).toEqual(["Contato", "Proposta enviada", "Perdido", "Fechado"]);

  // A stage with a card is not deleted: the dialog says to move the card first.
  await page.getByRole("button", { name: "Opções da etapa Contato" }).click();
  await page.getByRole("menuitem", { name: "Excluir etapa" }).click();
  const refusal = page.getByRole("alertdialog");
  await expect(refusal).toContainText("A etapa tem 1 cartão. Mova-o para outra etapa antes de excluí-la.");
  await refusal.getByRole("button", { name: "Entendi" }).click();
  // An empty one is, after a confirmation.
  await page.getByRole("button", { name: "Opções da etapa Fechado" }).click();
  await page.getByRole("menuitem", { name: "Excluir etapa" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Excluir etapa" }).click();
  await expect(toast(page, "Etapa Fechado excluída")).toBeVisible();
  await expect.poll(() => stageNames(page)).toEqual(["Contato", "Proposta enviada", "Perdido"]);

  // Edit the card's value and title in its drawer; a value that is not money is refused under the field.
  await page.getByTestId("card-Pedido atacado").click();
  const drawer = page.getByRole("dialog");
  const form = drawer.getByTestId("card-form");
  await expect(form.getByLabel("Valor (R$)")).toHaveValue("1000,00");
  await form.getByLabel("Valor (R$)").fill("mil reais");
  await form.getByRole("button", { name: "Salvar cartão" }).click();
  await expect(form.locator("[data-field-error]")).toHaveText("Use um valor como 1.500,00");
  await form.getByLabel("Valor (R$)").fill("2.750,50");
  await form.getByLabel("Título").fill("Pedido atacado grande");
  await form.getByLabel("Prazo").fill("2027-03-15");
  await form.getByRole("button", { name: "Salvar cartão" }).click();
  await expect(toast(page, "Cartão salvo")).toBeVisible();
  await expect(drawer.getByTestId("drawer-value")).toHaveText(/2\.750,50/);
  await shot(page, "kanban-card-edit");
  await page.keyboard.press("Escape");

  await page.reload();
  await expect.poll(() => stageNames(page)).toEqual(["Contato", "Proposta enviada", "Perdido"]);
  await expect(page.getByTestId("card-Pedido atacado grande").getByTestId("card-due")).toHaveText("15 de mar. de 2027");
  await page.getByTestId("stage-Contato").getByTestId("card-Pedido atacado grande").click();
  const after = page.getByRole("dialog").getByTestId("card-form");
  await expect(after.getByLabel("Valor (R$)")).toHaveValue("2750,50");
  await expect(after.getByLabel("Prazo")).toHaveValue("2027-03-15");
  await expect(page.getByRole("dialog").getByTestId("card-history")).toContainText("Atualizado");
});
