import { expect, test } from "@playwright/test";
import { login, shot } from "./helpers";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

test("on a phone the sidebar folds into a menu that reaches Settings", async ({ page }) => {
  await login(page);
  await expect(page.getByRole("heading", { name: "Olá, Demo" })).toBeVisible();
  // The fixed sidebar is hidden; the menu button opens the drawer.
  await expect(page.getByRole("complementary", { name: "Navegação principal" })).toBeHidden();
  await page.getByRole("button", { name: "Abrir menu" }).click();
  const drawer = page.getByRole("dialog");
  await expect(drawer).toBeVisible();
  await expect.poll(async () => (await drawer.boundingBox())?.x).toBe(0); // slid in
  await shot(page, "mobile-menu");
  await drawer.getByRole("link", { name: "Configurações" }).click();

  await expect(page).toHaveURL(/\/settings\/members$/);
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Membros" })).toBeVisible();
  await expect(page.getByTestId("member-demo@masteria.local")).toBeVisible();
  // Nothing scrolls sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, "mobile-settings");
});
