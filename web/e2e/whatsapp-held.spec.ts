import { expect, test } from "@playwright/test";
import { login, unique } from "./helpers";
import { phone, whatsappSim } from "./inbox-helpers";

test.describe.configure({ timeout: 120_000 }); // a shared 2-core machine: page loads are slow

const heldText = "Retida pelo WhatsApp para avaliação de qualidade";

test("a template send WhatsApp holds says so in the campaign ledger and the thread until it goes out", async ({ page }) => {
  await login(page, "/campaigns");
  const sim = await whatsappSim(page);
  const tag = unique("held").toLowerCase();
  const handset = `${phone().slice(0, -1)}7`; // simulated customers whose number ends in 7 do not answer templates
  const contact = await page.request.post("/api/v1/contacts", { data: { name: `Iara ${tag}`, phone: `+${handset}`, tags: [tag] } });
  expect(contact.ok(), await contact.text()).toBeTruthy();
  const { id: contactId } = (await contact.json()) as { id: string };
  // Meta's template pacing, for this number only: held 25 s, then sent on.
  const faults = await page.request.post(`${sim}/_sim/faults`, { data: { faults: [{ held: true, times: 1, to: `+${handset}`, hold: "25s" }] } });
  expect(faults.ok(), await faults.text()).toBeTruthy();
  const created = await page.request.post("/api/v1/campaigns", {
    data: { name: unique("Retida"), channel: "whatsapp", spec: { audience: { tags: [tag] }, message: { template: { name: "hello_world", language: "en_US" } } } },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  const { id: campaign } = (await created.json()) as { id: string };
  expect((await page.request.post(`/api/v1/campaigns/${campaign}/start`)).ok()).toBeTruthy();

  // The ledger: sent, and the note says WhatsApp holds it.
  await page.goto(`/campaigns/${campaign}`);
  const ledger = page.getByTestId("sends-ledger");
  await expect(ledger.getByTestId("send-status")).toHaveText("Enviada", { timeout: 20_000 });
  await expect(ledger.getByTestId("send-note")).toHaveText(heldText);

  // The thread: the campaign's bubble carries the muted tag while held.
  let conv = "";
  await expect
    .poll(async () => {
      const res = await page.request.get(`/api/v1/conversations?contact_id=${contactId}`);
      conv = ((await res.json()) as { items: { id: string }[] }).items[0]?.id ?? "";
      return conv;
    })
    .not.toBe("");
  await page.goto(`/inbox/${conv}`);
  const bubble = page.locator('[data-direction="out"]').filter({ hasText: "Hello World" });
  await expect(bubble.getByTestId("message-held")).toHaveText(heldText);
  // When Meta lets it go, the delivery report moves it on and the tag goes, live.
  await expect(bubble).toHaveAttribute("data-status", /delivered|read/, { timeout: 60_000 });
  await expect(bubble.getByTestId("message-held")).toHaveCount(0);

  await page.goto(`/campaigns/${campaign}`);
  await expect(page.getByTestId("sends-ledger").getByTestId("send-note")).toHaveText("");
});
