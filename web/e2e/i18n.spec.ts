import { expect, test } from "@playwright/test";
import { login, shot } from "./helpers";

test("switching to English changes the UI text and is remembered", async ({ page }) => {
  await login(page);
  await expect(page.getByRole("link", { name: "Configurações" })).toBeVisible();

  await page.getByRole("button", { name: "Idioma" }).click();
  await page.getByRole("menuitemradio", { name: "English" }).click();

  await expect(page.getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hello, Demo");
  await expect(page.getByRole("link", { name: "Configurações" })).toHaveCount(0);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await page.reload();
  await expect(page.getByRole("link", { name: "Conversations" })).toBeVisible();
  await shot(page, "home-en");

  // And back.
  await page.getByRole("button", { name: "Language" }).click();
  await page.getByRole("menuitemradio", { name: "Português (Brasil)" }).click();
  await expect(page.getByRole("link", { name: "Conversas" })).toBeVisible();
});
