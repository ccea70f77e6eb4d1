import { expect, test } from "@playwright/test";
import { login, shot, toast, unique } from "./helpers";

test("a secret is stored and replaced without its value ever being shown", async ({ page }) => {
  const bodies: string[] = [];
  page.on("response", async (res) => {
    if (res.url().includes("/api/v1/secrets") && res.request().method() === "GET") bodies.push(await res.text());
  });
  await login(page, "/settings/secrets");
  await expect(page.getByRole("heading", { name: "Segredos" })).toBeVisible();
  const name = unique("E2E_TOKEN").toUpperCase().replace(/-/g, "_");
  const value = `s3cr3t-${Date.now()}-value`;
  const replaced = `r3placed-${Date.now()}-value`;

  await page.getByRole("button", { name: "Novo segredo" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Nome").fill(name);
  const input = dialog.getByLabel("Valor");
  await expect(input).toHaveAttribute("type", "password");
  await input.fill(value);
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  const row = page.getByTestId(`secret-${name}`);
  await expect(row).toBeVisible();
  await expect(row).toContainText("••••••••");
  expect(await page.content()).not.toContain(value);
  await shot(page, "secrets");

  // Replace: the name is fixed, the value field starts empty.
  await page.getByRole("button", { name: `Substituir ${name}` }).click();
  await expect(dialog.getByLabel("Nome")).toHaveValue(name);
  await expect(dialog.getByLabel("Valor")).toHaveValue("");
  await dialog.getByLabel("Valor").fill(replaced);
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await expect(toast(page, `Segredo ${name} salvo`).last()).toBeVisible();

  await page.reload();
  await expect(page.getByTestId(`secret-${name}`)).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain(value);
  expect(html).not.toContain(replaced);
  expect(bodies.length).toBeGreaterThan(0);
  for (const b of bodies) {
    expect(b).not.toContain(value);
    expect(b).not.toContain(replaced);
  }

  await page.getByRole("button", { name: `Excluir ${name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Excluir" }).click();
  await expect(page.getByTestId(`secret-${name}`)).toHaveCount(0);
});
