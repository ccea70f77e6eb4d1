import { expect, test } from "@playwright/test";
import { audienceOfTwo, login, unique } from "./helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow

test("a campaign's page lists its sends per recipient, filtered by status", async ({ page }) => {
  await login(page, "/campaigns");
  const { tag, names } = await audienceOfTwo(page);
  const res = await page.request.post("/api/v1/campaigns", {
    data: { name: unique("Envios"), channel: "sms", spec: { audience: { tags: [tag] }, message: { text: "Oi {{ contact.first_name }}!" }, schedule: {}, pacing: {}, breaker: {} } },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const { id } = await res.json();
  await page.goto(`/campaigns/${id}`);
  await expect(page.getByRole("heading", { name: "Envios por destinatário" })).toBeVisible();
  await expect(page.getByTestId("sends-ledger")).toHaveCount(0); // a draft has no sends
  const started = await page.request.post(`/api/v1/campaigns/${id}/start`);
  expect(started.ok(), await started.text()).toBeTruthy();

  const ledger = page.getByTestId("sends-ledger");
  await expect(ledger.locator("tbody tr")).toHaveCount(2, { timeout: 60_000 });
  for (const name of names) await expect(ledger).toContainText(name);
  for (const status of await ledger.getByTestId("send-status").all()) {
    await expect(status).toHaveText(/Enviada|Entregue|Lida/, { timeout: 60_000 });
  }

  // The filter asks the server for one status.
  const filter = page.getByRole("combobox", { name: "Filtrar envios por situação" });
  await filter.selectOption({ label: "Falhou" });
  await expect(page.getByText("Nenhum envio com essa situação.")).toBeVisible();
  await filter.selectOption({ label: "Todas as situações" });
  await expect(ledger.locator("tbody tr")).toHaveCount(2);
});
