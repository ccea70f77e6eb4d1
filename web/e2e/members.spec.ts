import { expect, test } from "@playwright/test";
import { login, shot, toast, unique } from "./helpers";

test("add a member, change their role, and remove them", async ({ page }) => {
  await login(page, "/settings/members");
  await expect(page.getByRole("heading", { name: "Membros" })).toBeVisible();
  const who = unique("ana");
  const email = `${who}@example.com`;

  await page.getByRole("button", { name: "Adicionar membro" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nome").fill(`Ana ${who}`);
  await dialog.getByLabel("E-mail").fill(email);
  await dialog.getByLabel("Senha inicial").fill("senha-segura-123");
  await dialog.getByLabel("Função").click();
  await page.getByRole("option", { name: /Atendente/ }).click();
  await dialog.getByRole("button", { name: "Adicionar" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  const row = page.getByTestId(`member-${email}`);
  await expect(row).toBeVisible();
  const role = row.getByRole("combobox", { name: `Alterar função de Ana ${who}` });
  await expect(role).toHaveText(/Atendente/);

  await role.click();
  await page.getByRole("option", { name: /Administrador/ }).click();
  await expect(toast(page, `Função de Ana ${who} alterada para Administrador`)).toBeVisible();
  await shot(page, "members");

  await page.reload();
  await expect(page.getByTestId(`member-${email}`).getByRole("combobox")).toHaveText(/Administrador/);

  // Adding the same email again is a conflict, shown as a toast.
  await page.getByRole("button", { name: "Adicionar membro" }).click();
  await dialog.getByLabel("Nome").fill("Outra");
  await dialog.getByLabel("E-mail").fill(email);
  await dialog.getByLabel("Senha inicial").fill("senha-segura-123");
  await dialog.getByRole("button", { name: "Adicionar" }).click();
  await expect(page.locator("[data-variant=error]")).toContainText(`${email} já é membro deste workspace`);
  await expect(page.locator("[data-variant=error]")).toContainText("Conflito");
  await dialog.getByRole("button", { name: "Cancelar" }).click();

  await page.getByRole("button", { name: `Remover Ana ${who}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remover" }).click();
  await expect(page.getByTestId(`member-${email}`)).toHaveCount(0);
});

test("a bad email shows the field error next to the input", async ({ page }) => {
  await login(page, "/settings/members");
  await page.getByRole("button", { name: "Adicionar membro" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nome").fill("Sem Email");
  await dialog.getByLabel("E-mail").fill("not-an-email");
  await dialog.getByLabel("Senha inicial").fill("senha-segura-123");
  await dialog.getByRole("button", { name: "Adicionar" }).click();
  await expect(dialog.locator("[data-field-error]")).toHaveText("E-mail inválido.");
  await expect(dialog.getByLabel("E-mail")).toHaveAttribute("aria-invalid", "true");
});
