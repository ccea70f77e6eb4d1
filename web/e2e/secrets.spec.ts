import { expect, test } from "@playwright/test";
import { login, shot, toast, unique } from "./helpers";

test("a secret is stored and replaced without its value ever being shown", async ({ page }) => {
  // Every list the page fetches is read, to check no value is in it. A body is readable only until
  // the page navigates, so the reads are awaited before the reload below.
  const bodies: string[] = [];
  const reads: Promise<void>[] = [];
  const isList = (url: string, method: string) => url.includes("/api/v1/secrets") && method === "GET";
  page.on("response", (res) => {
    if (isList(res.url(), res.request().method())) reads.push(res.text().then((b) => void bodies.push(b)));
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
  const refetched = page.waitForResponse((r) => isList(r.url(), r.request().method()));
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await expect(toast(page, `Segredo ${name} salvo`).last()).toBeVisible();
  await refetched; // the list the save refreshed
  await Promise.all(reads);

  await page.reload();
  await expect(page.getByTestId(`secret-${name}`)).toBeVisible();
  await Promise.all(reads);
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
