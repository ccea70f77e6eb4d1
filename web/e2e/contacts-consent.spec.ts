import { expect, test } from "@playwright/test";
import { login, shot, toast, unique } from "./helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

test("a contact's drawer shows their opt-outs per channel and records an agent's, on a phone", async ({ page }) => {
  await login(page);
  const name = unique("Consentimento");
  const phone = `+55119${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;
  const created = await page.request.post("/api/v1/contacts", { data: { name, phone } });
  expect(created.ok(), await created.text()).toBeTruthy();
  const { id } = (await created.json()) as { id: string };
  // A marketing-only opt-out, as whatsapp-cloud records Meta's 131050.
  const seeded = await page.request.post(`/api/v1/contacts/${id}/consents`, { data: { channel: "whatsapp:marketing", status: "opt_out", source: "keyword:whatsapp-131050" } });
  expect(seeded.ok(), await seeded.text()).toBeTruthy();

  await page.goto(`/contacts/${id}`);
  const section = page.getByTestId("contact-consent");
  await expect(section.getByTestId("consent-whatsapp").getByTestId("consent-state")).toHaveText("Recebe");
  await expect(section.getByTestId("consent-whatsapp:marketing").getByTestId("consent-state")).toHaveText("Não recebe");
  await expect(section.getByTestId("consent-whatsapp:marketing")).toContainText("O WhatsApp recusou um modelo de marketing (131050)");

  // The customer asked by phone to stop SMS (an LGPD request).
  await section.getByRole("button", { name: "Não enviar mais por SMS" }).click();
  await expect(toast(page, "Registrado: não recebe mais SMS")).toBeVisible();
  await expect(section.getByTestId("consent-sms").getByTestId("consent-state")).toHaveText("Não recebe");
  await expect(section.getByTestId("consent-sms").getByTestId("consent-reason")).toContainText("Registrado por");

  await section.getByRole("button", { name: "Histórico (2)" }).click();
  await expect(section.getByTestId("consent-history").getByRole("listitem")).toHaveCount(2);

  // Nothing in the drawer scrolls sideways.
  const overflow = await section.evaluate((el) => {
    const scroller = el.closest(".overflow-y-auto") as HTMLElement;
    return scroller.scrollWidth - scroller.clientWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, "contact-consent-mobile");

  // Lifting the customer's own marketing opt-out asks for their permission first.
  await section.getByRole("button", { name: "Voltar a enviar por WhatsApp · marketing" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("O próprio contato pediu para sair");
  await confirm.getByRole("button", { name: "Tenho a permissão, liberar" }).click();
  await expect(section.getByTestId("consent-whatsapp:marketing").getByTestId("consent-state")).toHaveText("Recebe");
});
