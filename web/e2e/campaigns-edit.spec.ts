import { expect, test } from "@playwright/test";
import { audienceOfTwo, login, toast, unique } from "./helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow

test("a draft campaign is edited before it starts, keeping what the form does not show; once started it cannot be", async ({ page }) => {
  await login(page, "/campaigns");
  const { tag } = await audienceOfTwo(page);
  const name = unique("Editar");
  const res = await page.request.post("/api/v1/campaigns", {
    data: { name, channel: "sms", spec: { audience: { tags: ["demo"] }, message: { text: "Oi" }, schedule: {}, pacing: { mps: 2, max_attempts: 3 }, breaker: {} } },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const { id } = await res.json();

  await page.goto(`/campaigns/${id}`);
  await page.getByRole("button", { name: "Editar" }).click();
  await expect(page).toHaveURL(new RegExp(`/campaigns/${id}/edit$`));
  await expect(page.getByLabel("Nome", { exact: true })).toHaveValue(name);
  await expect(page.getByLabel("Com todas as etiquetas")).toHaveValue("demo");
  await expect(page.getByLabel("Mensagem")).toHaveValue("Oi");
  await expect(page.getByTestId("audience-count")).toHaveText("6 contatos receberão");

  const renamed = `${name} v2`;
  await page.getByLabel("Nome", { exact: true }).fill(renamed);
  await page.getByLabel("Com todas as etiquetas").fill(tag); // its own two contacts: the start below sends to nobody else
  await expect(page.getByTestId("audience-count")).toHaveText("2 contatos receberão");
  await page.getByLabel("Mensagem").fill("Olá {{ contact.first_name }}, novidades!");
  await page.getByRole("button", { name: "Salvar alterações" }).click();
  await expect(toast(page, `Campanha ${renamed} salva`)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/campaigns/${id}$`));
  await expect(page.getByRole("heading", { name: renamed })).toBeVisible();

  // Stored as edited, with the pacing the form does not show kept.
  const stored = await (await page.request.get(`/api/v1/campaigns/${id}`)).json();
  const spec = typeof stored.spec === "string" ? JSON.parse(stored.spec) : stored.spec;
  expect(spec.audience).toEqual({ tags: [tag] });
  expect(spec.message).toEqual({ text: "Olá {{ contact.first_name }}, novidades!" });
  expect(spec.pacing).toMatchObject({ mps: 2, max_attempts: 3 });

  // Started, it can no longer change: no edit button, and the edit address says why.
  await page.getByRole("button", { name: "Iniciar" }).click();
  await expect(toast(page, "Campanha iniciada")).toBeVisible();
  await expect(page.getByTestId("campaign-percent")).toHaveText("100%", { timeout: 60_000 });
  await expect(page.getByRole("button", { name: "Editar" })).toHaveCount(0);
  await page.goto(`/campaigns/${id}/edit`);
  await expect(page.getByText("Esta campanha já começou e não pode mais ser alterada.")).toBeVisible();
});
