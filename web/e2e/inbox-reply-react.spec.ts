import { expect, test, type Page } from "@playwright/test";
import { login, shot, unique } from "./helpers";
import { customerWrites, phone, whatsappSim } from "./inbox-helpers";

/** SimMessage is a message the WhatsApp simulator received from the platform. */
type SimMessage = { type: string; body?: string; context?: string; request: { reaction?: { message_id: string; emoji: string } } };

async function sentTo(page: Page, sim: string, to: string): Promise<SimMessage[]> {
  const res = await page.request.get(`${sim}/_sim/messages?to=${to}`);
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { data: SimMessage[] }).data;
}

/** wamidOf is the provider's ID of the conversation's message with text. */
async function wamidOf(page: Page, convID: string, text: string): Promise<string> {
  const res = await page.request.get(`/api/v1/conversations/${convID}/messages?limit=50`);
  const { items } = (await res.json()) as { items: { text: string; provider_message_id?: string }[] };
  return items.find((m) => m.text === text)?.provider_message_id ?? "";
}

/** openThread has a new customer write twice and opens their conversation. */
async function openThread(page: Page, question: string, later: string) {
  await expect(page.getByTestId("live")).toHaveAttribute("data-state", "live");
  const sim = await whatsappSim(page);
  const from = phone();
  const name = `Lia ${unique("r").slice(-5)}`;
  await customerWrites(page, sim, from, question, name);
  await customerWrites(page, sim, from, later, name);
  await page.getByTestId("conversation-list").getByRole("link").filter({ hasText: name }).click();
  await expect(page).toHaveURL(/\/inbox\/cnv_\w+$/);
  const thread = page.getByTestId("thread");
  await expect(thread.locator('[data-direction="in"]').filter({ hasText: later })).toBeVisible();
  return { sim, from, thread, convID: page.url().split("/").pop()! };
}

test("inbox: an agent answers a message quoting it, and reacts to it and takes the reaction back, from the thread", async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, "/inbox");
  const word = unique("azul").replace(/-/g, "");
  const question = `Tem o tênis ${word} em azul?`;
  const { sim, from, thread, convID } = await openThread(page, question, "E em verde também?");
  const asked = thread.locator('[data-testid="message"][data-direction="in"]').filter({ hasText: question });

  // Reply: hovering the customer's message shows its actions; the composer quotes it, × cancels.
  await asked.hover();
  await asked.getByRole("button", { name: "Responder" }).click();
  const quoting = page.getByTestId("replying-to");
  await expect(quoting).toContainText(question);
  await expect(page.getByRole("textbox", { name: "Responder" })).toBeFocused();
  await quoting.getByRole("button", { name: "Cancelar resposta" }).click();
  await expect(quoting).toBeHidden();

  // The same from the keyboard: the action is reachable by focus and Enter.
  await asked.getByRole("button", { name: "Responder" }).focus();
  await expect(asked.getByTestId("message-actions")).toHaveCSS("opacity", "1");
  await page.keyboard.press("Enter");
  await expect(quoting).toContainText(question);
  await expect(page.getByRole("textbox", { name: "Responder" })).toBeFocused();
  const answer = `Temos sim, o ${word} em azul!`;
  await page.keyboard.type(answer);
  await shot(page, "inbox-replying-to");
  await page.keyboard.press("Enter");
  await expect(quoting).toBeHidden();

  // The agent's reply shows the quote, and WhatsApp got the question's wamid as its context.
  const mine = thread.locator('[data-author="agent"][data-direction="out"]').filter({ hasText: answer });
  await expect(mine.getByTestId("reply-context")).toHaveText(`Em resposta a: ${question}`);
  const wamid = await wamidOf(page, convID, question);
  expect(wamid).toMatch(/^wamid\./);
  await expect.poll(async () => (await sentTo(page, sim, from)).find((m) => m.body === answer)?.context).toBe(wamid);

  // React: the picker offers the common six; the reaction shows on the message, not as a bubble.
  await asked.hover();
  await asked.getByRole("button", { name: "Reagir" }).click();
  for (const e of ["👍", "❤️", "😂", "😮", "😢", "🙏"]) await expect(page.getByRole("menuitem", { name: `Reagir com ${e}` })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Remover minha reação" })).toHaveCount(0);
  await page.getByRole("menuitem", { name: "Reagir com ❤️" }).click();
  const ours = asked.getByTestId("reactions").locator('[data-side="ours"]');
  await expect(ours).toHaveText("❤️");
  await expect(ours).toHaveAttribute("aria-label", "Você reagiu com ❤️");
  await expect(thread.locator('[data-testid="message"][data-direction="out"]').filter({ hasText: "❤️" })).toHaveCount(0);
  await expect
    .poll(async () => (await sentTo(page, sim, from)).some((m) => m.type === "reaction" && m.request.reaction?.message_id === wamid && m.request.reaction.emoji === "❤️"))
    .toBe(true);
  await shot(page, "inbox-reaction");

  // The customer's later message offers no "remove": the agent has no reaction there.
  const later = thread.locator('[data-testid="message"][data-direction="in"]').filter({ hasText: "E em verde também?" });
  await later.hover();
  await later.getByRole("button", { name: "Reagir" }).click();
  await expect(page.getByRole("menuitem", { name: "Reagir com 👍" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Remover minha reação" })).toHaveCount(0);
  await page.keyboard.press("Escape");

  // Remove the reaction: WhatsApp gets an empty emoji on the same message; the chip goes.
  await asked.hover();
  await asked.getByRole("button", { name: "Reagir" }).click();
  await page.getByRole("menuitem", { name: "Remover minha reação" }).click();
  await expect(asked.getByTestId("reactions")).toHaveCount(0);
  await expect
    .poll(async () => (await sentTo(page, sim, from)).some((m) => m.type === "reaction" && m.request.reaction?.message_id === wamid && m.request.reaction.emoji === ""))
    .toBe(true);

  // After a reload, the quote is still there and the reaction still gone.
  await page.reload();
  await expect(mine.getByTestId("reply-context")).toHaveText(`Em resposta a: ${question}`);
  await expect(asked).toBeVisible();
  await expect(asked.getByTestId("reactions")).toHaveCount(0);
});

test("inbox: a customer's reaction shows once, as a chip on the message it is on, not as a bubble too", async ({ page }) => {
  test.setTimeout(60_000);
  await login(page, "/inbox");
  const { sim, from, thread, convID } = await openThread(page, `Chegou ${unique("pedido").replace(/-/g, "")}?`, "Obrigada!");
  const answer = `Chegou sim ${unique("ok").slice(-5)}`;
  await page.getByRole("textbox", { name: "Responder" }).fill(answer);
  await page.keyboard.press("Enter");
  const mine = thread.locator('[data-author="agent"][data-direction="out"]').filter({ hasText: answer });
  await expect(mine).toBeVisible();
  await expect.poll(() => wamidOf(page, convID, answer)).toMatch(/^wamid\./);
  const wamid = await wamidOf(page, convID, answer);

  const res = await page.request.post(`${sim}/_sim/inbound`, { data: { from, type: "reaction", content: { message_id: wamid, emoji: "👍" } } });
  expect(res.ok(), await res.text()).toBeTruthy();
  await expect(mine.getByTestId("reactions").locator('[data-side="theirs"]')).toHaveText("👍");
  await expect(thread.getByText(/^Reagiu a/)).toHaveCount(0);
  await page.reload();
  await expect(mine.getByTestId("reactions").locator('[data-side="theirs"]')).toHaveText("👍");
  await expect(thread.getByText(/^Reagiu a/)).toHaveCount(0);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  test("a message's actions show without hovering, and a tap answers or reacts", async ({ page }) => {
    test.setTimeout(90_000);
    await login(page, "/inbox");
    const question = `Vocês entregam ${unique("cep").replace(/-/g, "")}?`;
    const { sim, from, thread } = await openThread(page, question, "Vocês abrem no sábado?");
    const asked = thread.locator('[data-testid="message"][data-direction="in"]').filter({ hasText: question });
    await expect(asked.getByTestId("message-actions")).toHaveCSS("opacity", "1"); // a touch screen cannot hover

    await asked.getByRole("button", { name: "Reagir" }).tap();
    await page.getByRole("menuitem", { name: "Reagir com 🙏" }).tap();
    await expect(asked.getByTestId("reactions").locator('[data-side="ours"]')).toHaveText("🙏");

    await asked.getByRole("button", { name: "Responder" }).tap();
    await expect(page.getByTestId("replying-to")).toContainText(question);
    await page.getByRole("textbox", { name: "Responder" }).fill("Entregamos sim!");
    await page.getByRole("button", { name: "Enviar" }).tap();
    await expect(thread.locator('[data-author="agent"]').filter({ hasText: "Entregamos sim!" }).getByTestId("reply-context")).toHaveText(`Em resposta a: ${question}`);
    await expect.poll(async () => (await sentTo(page, sim, from)).find((m) => m.body === "Entregamos sim!")?.context).toMatch(/^wamid\./);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, "inbox-reply-react-mobile");
  });
});
