import { expect, test } from "@playwright/test";
import { login, shot, unique } from "./helpers";

test("an API key is shown exactly once, works, and can be revoked", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await login(page, "/settings/api-keys");
  await expect(page.getByRole("heading", { name: "Chaves de API" })).toBeVisible();
  const name = unique("ci");

  await page.getByRole("button", { name: "Criar chave" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nome").fill(name);
  await dialog.getByRole("button", { name: "Criar" }).click();

  const shown = dialog.getByTestId("new-api-key");
  await expect(shown).toHaveText(/^mia_[\w-]+$/);
  const key = (await shown.textContent())!.trim();
  await shot(page, "api-key-created");

  await dialog.getByRole("button", { name: "Copiar" }).click();
  await expect(dialog.getByRole("button", { name: "Copiado" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

  // The key works against the API…
  const tenant = await page.request.get("/api/v1/tenant", { headers: { Authorization: `Bearer ${key}` } });
  expect(tenant.ok()).toBeTruthy();

  // …and once the dialog closes it is nowhere in the page, then or after a reload.
  await dialog.getByRole("button", { name: "Já copiei" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const row = page.getByTestId(`api-key-${name}`);
  await expect(row).toBeVisible();
  await expect(row).toContainText(`mia_${key.split("_")[1]}_`);
  expect(await page.content()).not.toContain(key);
  await page.reload();
  await expect(page.getByTestId(`api-key-${name}`)).toBeVisible();
  expect(await page.content()).not.toContain(key);
  await shot(page, "api-keys");

  // Revoke: the row goes and the key stops working.
  await page.getByRole("button", { name: `Revogar ${name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revogar" }).click();
  await expect(page.getByTestId(`api-key-${name}`)).toHaveCount(0);
  const after = await page.request.get("/api/v1/tenant", { headers: { Authorization: `Bearer ${key}` } });
  expect(after.status()).toBe(401);
});

test("a bad API key name shows the server's field error next to the input", async ({ page }) => {
  await login(page, "/settings/api-keys");
  await page.getByRole("button", { name: "Criar chave" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Criar" }).click();
  await expect(dialog.locator("[data-field-error]")).toHaveText("Obrigatório, com até 80 caracteres.");
  await expect(dialog.getByLabel("Nome")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("[data-variant=error]")).toContainText("Não foi possível criar a chave de API.");
});
