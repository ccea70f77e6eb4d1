import { expect, test } from "@playwright/test";
import { login, shot } from "./helpers";

type Overview = {
  messages: { sent: number; delivered: number; read: number; replied: number; received: number };
  conversations: { open: number };
  days: { day: string }[];
  stages: unknown[];
};

test("home: KPIs, the series and the funnel show the workspace's figures", async ({ page }) => {
  await login(page, "/");
  await expect(page.getByRole("heading", { name: /^Olá, / })).toBeVisible();
  await expect(page.getByTestId("kpi-sent")).toBeVisible();

  // The page's figures are the API's (the demo customers wrote on start).
  const tz = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const api = async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const r = await page.request.get(`/api/v1/analytics/overview?from=${from.toISOString()}&to=${to.toISOString()}&tz=${tz}`);
    expect(r.ok(), await r.text()).toBeTruthy();
    return (await r.json()) as Overview;
  };
  let o = await api();
  expect(o.messages.received).toBeGreaterThan(0);
  expect(o.days.length).toBeGreaterThanOrEqual(30);
  await page.reload(); // the figures of now, as the API just gave them
  o = await api();
  await expect(page.getByTestId("kpi-open")).toHaveText(String(o.conversations.open));
  await expect(page.getByTestId("kpi-sent")).toHaveText(String(o.messages.sent));
  const funnel = page.getByTestId("funnel");
  for (const k of ["sent", "delivered", "read", "replied"] as const) {
    await expect(funnel.locator(`[data-step="${k}"]`)).toHaveAttribute("data-value", String(o.messages[k]));
  }
  await expect(page.getByTestId("series-chart").locator(".recharts-area")).toHaveCount(3); // received, sent, read
  await shot(page, "home");

  // Another period asks the API again
  const asked = page.waitForRequest((r) => r.url().includes("/api/v1/analytics/overview") && r.url().includes("from="));
  await page.getByRole("combobox", { name: "Período" }).click();
  await page.getByRole("option", { name: "Últimos 7 dias" }).click();
  const req = await asked;
  const u = new URL(req.url());
  const days = (Date.parse(u.searchParams.get("to")!) - Date.parse(u.searchParams.get("from")!)) / 86_400_000;
  expect(Math.round(days)).toBe(7);
  await expect(page.getByTestId("kpi-sent")).toBeVisible();

  // The open-conversations card leads to the inbox
  await page.getByRole("link", { name: "Ir para a caixa de entrada" }).click();
  await expect(page).toHaveURL(/\/inbox$/);
});
