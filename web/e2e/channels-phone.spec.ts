// Contacts, Kanban, Campaigns and Channels on a phone: each page fits the
// screen (only the Kanban board scrolls sideways, inside itself).
import { expect, test } from "@playwright/test";
import { login } from "./helpers";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
test.describe.configure({ timeout: 90_000 });

const pages = [
  { path: "/contacts", visible: (p: import("@playwright/test").Page) => p.getByRole("button", { name: "Novo contato" }) },
  { path: "/kanban", visible: (p: import("@playwright/test").Page) => p.getByTestId("stage-Novo lead") },
  { path: "/campaigns/new", visible: (p: import("@playwright/test").Page) => p.getByTestId("audience-preview") },
  // the WhatsApp card measured with its number's health in it
  { path: "/channels", visible: (p: import("@playwright/test").Page) => p.getByTestId("connection-WhatsApp (simulador)").getByTestId("whatsapp-number-limit") },
];

test("the CRM pages fit a phone's width", async ({ page }) => {
  await login(page, "/");
  for (const { path, visible } of pages) {
    await page.goto(path);
    await expect(visible(page)).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
});
