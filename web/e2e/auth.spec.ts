import { expect, test } from "@playwright/test";
import { DEMO, shot } from "./helpers";

test("a wrong password shows the error and keeps you on the login page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Entrar" })).toBeVisible();
  await shot(page, "login");

  await page.getByLabel("E-mail").fill(DEMO.email);
  await page.getByLabel("Senha").fill("not-the-password");
  await page.getByRole("button", { name: "Entrar" }).click();

  await expect(page.getByRole("alert")).toContainText("E-mail ou senha incorretos");
  await expect(page).toHaveURL(/\/login$/);
});

test("logging in lands on Início, and logging out returns to the login page", async ({ page }) => {
  await page.goto("/settings/secrets");
  await expect(page).toHaveURL(/\/login\?next=/);

  await page.getByLabel("E-mail").fill(DEMO.email);
  await page.getByLabel("Senha").fill(DEMO.password);
  await page.getByRole("button", { name: "Entrar" }).click();

  // Back where the user was headed, then home through the sidebar.
  await expect(page).toHaveURL(/\/settings\/secrets$/);
  await page.getByRole("link", { name: "Início" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Olá, Demo");
  await expect(page.getByRole("link", { name: "Início" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("current-tenant")).toHaveText("Demo");

  await page.getByRole("button", { name: "Conta" }).click();
  await page.getByRole("menuitem", { name: "Sair" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("a direct login lands on Início; the shell looks right", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(DEMO.email);
  await page.getByLabel("Senha").fill(DEMO.password);
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Olá, Demo" })).toBeVisible();
  for (const section of ["Início", "Conversas", "Contatos", "Kanban", "Campanhas", "Fluxos", "Canais", "Configurações"]) {
    await expect(page.getByRole("navigation", { name: "Navegação principal" }).getByRole("link", { name: section })).toBeVisible();
  }
  await shot(page, "home");
});
