import { expect, test } from "@playwright/test";
import { login, toast, unique } from "./helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow

test("a paused campaign says who paused it in the UI's language, from the reason's code", async ({ page }) => {
  await login(page, "/campaigns");
  const at = new Date(Date.now() + 24 * 3600_000).toISOString(); // scheduled for tomorrow: it waits, so it can be paused
  const res = await page.request.post("/api/v1/campaigns", {
    data: { name: unique("Amanhã"), channel: "sms", spec: { audience: { tags: ["demo"] }, message: { text: "Oi!" }, schedule: { at }, pacing: {}, breaker: {} } },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const { id } = await res.json();
  expect((await page.request.post(`/api/v1/campaigns/${id}/start`)).ok()).toBeTruthy();

  await page.goto(`/campaigns/${id}`);
  await expect(page.getByTestId("campaign-status")).toHaveText("Agendada");
  await page.getByRole("button", { name: "Pausar" }).click();
  await expect(toast(page, "Campanha pausada")).toBeVisible();
  await expect(page.getByTestId("campaign-reason")).toHaveText(/^Motivo: Pausada por .*demo@masteria\.local.*\.$/);

  // The API still says it in English, with the code beside it.
  const c = await (await page.request.get(`/api/v1/campaigns/${id}`)).json();
  expect(c.reason).toMatch(/^paused by /);
  expect(c.reason_code).toBe("paused_by_user");

  await page.getByRole("button", { name: "Idioma" }).click();
  await page.getByRole("menuitemradio", { name: "English" }).click();
  await expect(page.getByTestId("campaign-reason")).toHaveText(/^Reason: Paused by .*demo@masteria\.local.*\.$/);
  await page.getByRole("button", { name: "Language" }).click();
  await page.getByRole("menuitemradio", { name: "Português (Brasil)" }).click();
});
