import { expect, test } from "@playwright/test";
import { login, shot, toast, unique } from "./helpers";
import { customerWrites, phone, whatsappSim } from "./inbox-helpers";

test("inbox: resolving hands the conversation back to the bot, and the thread tells who had it", async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, "/inbox");
  await expect(page.getByTestId("live")).toHaveAttribute("data-state", "live");
  const sim = await whatsappSim(page);
  const from = phone();
  const name = `Rui ${unique("v").slice(-5)}`;
  await customerWrites(page, sim, from, "Quero trocar um produto", name);
  await page.getByTestId("conversation-list").getByRole("link").filter({ hasText: name }).click();
  await expect(page).toHaveURL(/\/inbox\/cnv_\w+$/);
  const thread = page.getByTestId("thread");

  await page.getByRole("button", { name: "Assumir do bot" }).click();
  await expect(page.getByTestId("handler")).toHaveAttribute("data-handler", "human");
  await expect(thread.getByTestId("activity").filter({ hasText: "Você assumiu o atendimento" })).toBeVisible();

  await page.getByRole("button", { name: "Mais ações" }).click();
  await page.getByRole("menuitem", { name: "Resolver" }).click();
  await expect(toast(page, "Status: Resolvida").last()).toBeVisible();
  await expect(page.getByTestId("handler")).toHaveAttribute("data-handler", "bot");
  await expect(thread.getByTestId("activity").filter({ hasText: "Você resolveu a conversa" })).toBeVisible();

  // The customer comes back: the conversation reopens, the bot's again, and the thread says so live.
  await customerWrites(page, sim, from, "Voltei, mais uma dúvida", name);
  await expect(thread.getByTestId("activity").filter({ hasText: "Reaberta pelo cliente" })).toBeVisible();
  await expect(page.getByTestId("status")).toHaveText("Aberta");
  await expect(page.getByTestId("handler")).toHaveAttribute("data-handler", "bot");
  // the lines are not messages: the list's preview is the customer's
  await expect(page.getByTestId("conversation-list").getByRole("link").filter({ hasText: name }).getByTestId("preview")).toHaveText("Voltei, mais uma dúvida");
  await shot(page, "inbox-activity");
});

test("inbox: the longest waiting come first, and the search finds a customer by name or phone", async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, "/inbox");
  await expect(page.getByTestId("live")).toHaveAttribute("data-state", "live");
  const sim = await whatsappSim(page);
  const from = phone();
  const tag = unique("w").slice(-5);
  const name = `Ána Lívia ${tag}`;
  await customerWrites(page, sim, from, "Alguém pode me ajudar?", name);
  await expect(page.getByTestId("conversation-list").getByRole("link").filter({ hasText: name })).toBeVisible();

  await page.getByRole("combobox", { name: "Ordenar" }).click();
  await page.getByRole("option", { name: "Esperando há mais tempo" }).click();
  const since = page.getByTestId("conversation-list").getByTestId("waiting");
  await expect(since.first()).toContainText(/esperando há|acabou de escrever/);
  const times = await since.evaluateAll((els) => els.map((e) => e.getAttribute("data-since") ?? ""));
  expect(times.length).toBeGreaterThan(0);
  expect([...times].sort((a, b) => Date.parse(a) - Date.parse(b))).toEqual(times);

  // By name, without accents or capitals
  const search = page.getByRole("searchbox", { name: "Buscar por nome, telefone ou mensagem" });
  await search.fill(`ana livia ${tag}`);
  const contacts = page.getByTestId("contact-results");
  await expect(contacts.getByRole("link").filter({ hasText: name })).toBeVisible();
  await expect(contacts.getByTestId("waiting")).toContainText(/acabou de escrever|esperando há/);
  // By phone, as people write it: "11 9xxxx-xxxx"
  const local = from.slice(2);
  await search.fill(`${local.slice(0, 2)} ${local.slice(2, 7)}-${local.slice(7)}`);
  await expect(contacts.getByRole("link").filter({ hasText: name })).toBeVisible();
  await contacts.getByRole("link").filter({ hasText: name }).click();
  await expect(page.getByTestId("thread-title")).toHaveText(name);

  // An answer ends the wait
  await page.getByRole("button", { name: "Assumir do bot" }).click();
  await page.getByRole("textbox", { name: "Responder" }).fill("Claro! Como posso ajudar?");
  await page.keyboard.press("Enter");
  await search.fill(`ana livia ${tag}`);
  await expect(contacts.getByRole("link").filter({ hasText: name })).toBeVisible();
  await expect(contacts.getByTestId("waiting")).toHaveCount(0);
});
