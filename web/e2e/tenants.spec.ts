import { expect, test } from "@playwright/test";
import { DEMO, login, shot, toast, unique } from "./helpers";

test("the tenant switcher lists the workspace, creates another and switches between them", async ({ page }) => {
  await login(page);
  const switcher = page.getByTestId("tenant-switcher");
  await expect(switcher).toContainText("Demo");

  await switcher.click();
  await expect(page.getByRole("menuitemradio", { name: /Demo/ })).toBeVisible();
  await expect(page.getByRole("menuitemradio", { name: /Demo/ })).toHaveAttribute("aria-checked", "true");

  const name = unique("Cliente");
  await page.getByRole("menuitem", { name: "Novo workspace" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nome do workspace").fill(name);
  await dialog.getByLabel("Sua senha").fill(DEMO.password);
  await dialog.getByRole("button", { name: "Criar" }).click();

  // Created and switched to.
  await expect(page.getByTestId("current-tenant")).toHaveText(name);
  await page.goto("/settings/members");
  await expect(page.getByRole("heading", { name: "Membros" })).toBeVisible();

  await switcher.click();
  await expect(page.getByRole("menuitemradio", { name: new RegExp(name) })).toHaveAttribute("aria-checked", "true");
  await shot(page, "tenant-switcher");
  await page.getByRole("menuitemradio", { name: /Demo/ }).click();
  await expect(page.getByTestId("current-tenant")).toHaveText("Demo");
  await expect(toast(page, "Agora em Demo")).toBeVisible();
});
