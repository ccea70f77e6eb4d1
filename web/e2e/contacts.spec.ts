import { expect, test } from "@playwright/test";
import { login, shot, toast, unique } from "./helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow

test("contacts are searched and filtered on the server; a contact's tags and fields open beside the list", async ({ page }) => {
  await login(page, "/contacts");
  // Other specs' contacts, newer, may fill the first page: search before looking for the demo's.
  await expect(page.locator("tbody tr").first()).toBeVisible();
  await page.getByRole("searchbox", { name: /Buscar/ }).fill("Mariana");
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("contact-Mariana Costa")).toBeVisible();
  await page.getByRole("searchbox", { name: /Buscar/ }).fill("");
  await page.getByRole("textbox", { name: "Etiqueta" }).fill("vip");
  await expect(page.locator("tbody tr")).toHaveCount(2);
  await expect(page.getByTestId("contact-Luana Ribeiro")).toBeVisible();

  await page.getByTestId("contact-Mariana Costa").click();
  await expect(page).toHaveURL(/\/contacts\/ctc_/);
  const panel = page.getByTestId("contact-panel");
  await expect(panel.getByTestId("contact-tags")).toContainText("vip");
  await expect(panel.getByLabel("Cidade")).toHaveValue("São Paulo");

  const tag = unique("retorno").toLowerCase();
  await panel.getByRole("textbox", { name: "Adicionar etiqueta" }).fill(tag);
  await panel.getByRole("button", { name: "Adicionar etiqueta" }).click();
  await expect(panel.getByTestId("contact-tags")).toContainText(tag);
  await panel.getByLabel("Cidade").fill("Campinas");
  await panel.getByRole("button", { name: "Salvar campos" }).click();
  await expect(toast(page, "Contato salvo")).toBeVisible();

  await page.reload(); // the address opens the same contact, as stored
  await expect(page.getByTestId("contact-panel").getByTestId("contact-tags")).toContainText(tag);
  await expect(page.getByTestId("contact-panel").getByLabel("Cidade")).toHaveValue("Campinas");
});

test("a CSV import shows its progress and a per-row error report, and its contacts page on the server", async ({ page }) => {
  await login(page, "/contacts");
  const batch = unique("lote").toLowerCase();
  const rows = Array.from({ length: 30 }, (_, i) => `Cliente ${batch} ${String(i + 1).padStart(2, "0")},+55119${String(70000000 + i)},cliente${i}@${batch}.com.br`);
  rows.splice(4, 0, `Telefone Ruim ${batch},123,ruim@${batch}.com.br`); // data row 5 = line 6 of the file
  const csv = ["nome,telefone,email", ...rows].join("\n");

  await page.getByRole("button", { name: "Importar CSV" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Arquivo CSV").setInputFiles({ name: "clientes.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await dialog.getByLabel("Etiquetas para todos os importados").fill(batch);
  await expect(dialog.getByRole("checkbox", { name: /Importar as linhas válidas/ })).toBeChecked();
  await dialog.getByRole("button", { name: "Importar", exact: true }).click();

  await expect(dialog.getByTestId("import-status")).toHaveText("Concluída", { timeout: 30_000 });
  await expect(dialog.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await expect(dialog.getByTestId("import-result")).toHaveText("30 criados, 0 atualizados");
  await expect(dialog.getByText("1 linha com erro")).toBeVisible();
  const report = dialog.getByTestId("import-errors").locator("tbody tr");
  await expect(report).toHaveCount(1);
  await expect(report.first().locator("td").first()).toHaveText("6");
  await expect(report.first()).toContainText("phone");
  await expect(toast(page, "Importação concluída: 30 criados, 0 atualizados")).toBeVisible();
  await dialog.getByRole("button", { name: "Fechar" }).click();

  // 30 contacts with the batch's tag: 25 on page 1, 5 on page 2.
  await page.getByRole("textbox", { name: "Etiqueta" }).fill(batch);
  await page.getByRole("combobox", { name: "Ordenar" }).click();
  await page.getByRole("option", { name: "Nome (A–Z)" }).click();
  await expect(page.locator("tbody tr")).toHaveCount(25);
  await expect(page.locator("tbody tr").first()).toContainText(`Cliente ${batch} 01`);
  await shot(page, "contacts");
  await page.getByRole("button", { name: "Próxima" }).click();
  await expect(page.getByTestId("contacts-page")).toHaveText("Página 2");
  await expect(page.locator("tbody tr")).toHaveCount(5);
  await expect(page.locator("tbody tr").last()).toContainText(`Cliente ${batch} 30`);
  await expect(page.getByRole("button", { name: "Próxima" })).toBeDisabled();
  await expect(page.getByText(`Telefone Ruim ${batch}`)).toHaveCount(0);
});

test("without skipping, one bad row fails the whole import and writes nothing", async ({ page }) => {
  await login(page, "/contacts");
  const batch = unique("tudo").toLowerCase();
  const csv = `nome,telefone\nBoa ${batch},+5511970001111\nRuim ${batch},abc\n`;
  await page.getByRole("button", { name: "Importar CSV" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Ou cole o conteúdo").fill(csv);
  await dialog.getByRole("checkbox", { name: /Importar as linhas válidas/ }).uncheck();
  await dialog.getByRole("button", { name: "Importar", exact: true }).click();
  await expect(dialog.getByTestId("import-status")).toHaveText("Falhou", { timeout: 30_000 });
  await expect(dialog.getByTestId("import-errors")).toContainText("phone");
  await expect(dialog.getByTestId("import-errors")).toContainText("Telefone inválido: inclua o DDI e o DDD");
  await dialog.getByRole("button", { name: "Fechar" }).click();
  await page.getByRole("searchbox", { name: /Buscar/ }).fill(`Boa ${batch}`);
  await expect(page.getByText("Nenhum contato encontrado com esses filtros.")).toBeVisible();
});

test("a new contact with a malformed phone is refused with the reason under the field", async ({ page }) => {
  await login(page, "/contacts");
  await page.getByRole("button", { name: "Novo contato" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nome").fill("Sem Telefone Válido");
  await dialog.getByLabel("Telefone").fill("12");
  await dialog.getByRole("button", { name: "Criar" }).click();
  await expect(dialog.locator("[data-field-error]")).toBeVisible();
  const name = unique("Novo Cliente");
  await dialog.getByLabel("Nome").fill(name);
  await dialog.getByLabel("Telefone").fill("(11) 97777-1234");
  await dialog.getByRole("button", { name: "Criar" }).click();
  await expect(toast(page, `Contato ${name} criado`)).toBeVisible();
  await expect(page.getByTestId("contact-panel")).toContainText("+5511977771234");
});
