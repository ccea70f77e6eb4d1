import { expect, test } from "@playwright/test";
import { login, toast, unique } from "./helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow

test("a CSV with unusual headers is imported with columns mapped by hand", async ({ page }) => {
  await login(page, "/contacts");
  const batch = unique("mapa").toLowerCase();
  const csv = [
    "Cliente;Contato principal;Correio;Observação;Grupo",
    `Ana ${batch};(11) 97000-1001;ana@${batch}.com.br;ligar de manhã;${batch}`,
    `Bruno ${batch};(11) 97000-1002;bruno@${batch}.com.br;;${batch}`,
  ].join("\n");

  await page.getByRole("button", { name: "Importar CSV" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Arquivo CSV").setInputFiles({ name: "planilha.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });

  // One row per column, with samples; nothing here is a known header, so nothing identifies a contact yet.
  const mapping = dialog.getByTestId("import-mapping");
  await expect(mapping.locator("tbody tr")).toHaveCount(5);
  await expect(dialog.getByTestId("map-row-1")).toContainText("(11) 97000-1001");
  const field = (column: string) => dialog.getByRole("combobox", { name: `Campo da coluna ${column}` });
  await expect(field("Contato principal")).toHaveValue("");
  await expect(dialog.getByTestId("mapping-problems")).toContainText("Associe uma coluna ao telefone");
  const importButton = dialog.getByRole("button", { name: "Importar", exact: true });
  await expect(importButton).toBeDisabled();

  await field("Cliente").selectOption({ label: "Nome" });
  await field("Contato principal").selectOption({ label: "Telefone" });
  await field("Correio").selectOption({ label: "Telefone" });
  await expect(dialog.getByTestId("mapping-problems")).toHaveText("As colunas Contato principal, Correio preenchem o mesmo campo (Telefone): escolha uma só.");
  await expect(importButton).toBeDisabled();
  await field("Correio").selectOption({ label: "E-mail" });
  await field("Grupo").selectOption({ label: "Etiquetas" });
  await expect(dialog.getByTestId("mapping-problems")).toHaveCount(0);
  await expect(field("Observação")).toHaveValue("");

  await importButton.click();
  await expect(dialog.getByTestId("import-status")).toHaveText("Concluída", { timeout: 30_000 });
  await expect(dialog.getByTestId("import-result")).toHaveText("2 criados, 0 atualizados");
  await expect(toast(page, "Importação concluída: 2 criados, 0 atualizados")).toBeVisible();
  await dialog.getByRole("button", { name: "Fechar" }).click();

  // The columns landed where they were mapped: name, E.164 phone, email, and the group as a tag.
  await page.getByRole("textbox", { name: "Etiqueta" }).fill(batch);
  await expect(page.locator("tbody tr")).toHaveCount(2);
  const ana = page.getByTestId(`contact-Ana ${batch}`);
  await expect(ana).toContainText("+5511970001001");
  await expect(ana).toContainText(`ana@${batch}.com.br`);
  await expect(page.getByTestId(`contact-Bruno ${batch}`)).toContainText("+5511970001002");
});
