import { expect, test } from "@playwright/test";
import { login, unique } from "./helpers";
import { customerWrites, phone, simOutbox, twilioSim, whatsappSim } from "./inbox-helpers";

test("inbox: the agent attaches a PDF with a caption; it is shown in the thread and sent to the customer by media ID", async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, "/inbox");
  await expect(page.getByTestId("live")).toHaveAttribute("data-state", "live");
  const sim = await whatsappSim(page);
  const word = unique("boleto").replace(/-/g, "");
  const name = `Ana ${word.slice(-5)}`;
  await customerWrites(page, sim, phone(), `Pode mandar o boleto ${word}?`, name);
  await page.getByTestId("conversation-list").getByRole("link").filter({ hasText: name }).click();
  await expect(page.getByTestId("thread-title")).toHaveText(name);

  // A file attached and then removed before sending is discarded from the workspace.
  const uploaded = page.waitForResponse((r) => r.url().endsWith("/api/v1/media") && r.request().method() === "POST");
  await page.getByTestId("file-input").setInputFiles({ name: `rascunho-${word}.pdf`, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 rascunho") });
  const { id: draftID } = (await (await uploaded).json()) as { id: string };
  await expect(page.getByTestId("attachment")).toHaveText(`rascunho-${word}.pdf`);
  const discarded = page.waitForResponse((r) => r.url().endsWith(`/api/v1/media/${draftID}`) && r.request().method() === "DELETE");
  await page.getByRole("button", { name: `Remover rascunho-${word}.pdf` }).click();
  expect((await discarded).status()).toBe(204);
  expect((await page.request.get(`/api/v1/media/${draftID}`)).status()).toBe(404);

  const pdf = `%PDF-1.4 ${word}`;
  await page.getByTestId("file-input").setInputFiles({ name: `${word}.pdf`, mimeType: "application/pdf", buffer: Buffer.from(pdf) });
  const chip = page.getByTestId("attachment");
  await expect(chip).toHaveText(`${word}.pdf`); // uploaded: no longer "Enviando…"
  await page.getByRole("textbox", { name: "Responder" }).fill(`Segue o boleto ${word}`);
  await page.getByRole("button", { name: "Enviar" }).click();
  await expect(chip).toBeHidden();

  const sent = page.getByTestId("thread").locator('[data-direction="out"]').filter({ hasText: `Segue o boleto ${word}` });
  await expect(sent).toBeVisible();
  const link = sent.getByRole("link", { name: `${word}.pdf` });
  await expect(link).toBeVisible();
  const file = await page.request.get((await link.getAttribute("href"))!);
  expect(await file.text()).toBe(pdf);

  // The simulator got a document by media ID (uploaded first), with the name and caption.
  type Sent = { type: string; request: { document?: { id?: string; link?: string; filename?: string; caption?: string } } };
  const doc = async () => {
    const { data } = JSON.parse(await simOutbox(page, sim)) as { data: Sent[] };
    return data.find((m) => m.request.document?.filename === `${word}.pdf`)?.request.document;
  };
  await expect.poll(doc).toBeTruthy();
  const d = (await doc())!;
  expect(d.id).toMatch(/^\d+$/);
  expect(d.link).toBeUndefined();
  expect(d.caption).toBe(`Segue o boleto ${word}`);
});

test("inbox: on SMS the agent attaches a photo; it goes as an MMS that Twilio fetches from the server", async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, "/inbox");
  await expect(page.getByTestId("live")).toHaveAttribute("data-state", "live");
  const sim = await twilioSim(page);
  const from = `+${phone()}`;
  const word = unique("modelo").replace(/-/g, "");
  const inbound = await page.request.post(`${sim}/_sim/inbound`, { data: { from, body: `Tem foto do ${word}?` } });
  expect(inbound.ok(), await inbound.text()).toBeTruthy();
  await page.getByTestId("conversation-list").getByRole("link").filter({ hasText: word }).click();

  await expect(page.getByTestId("file-input")).toHaveAttribute("accept", "image/jpeg,image/png,image/gif");
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`foto ${word}`)]);
  await page.getByTestId("file-input").setInputFiles({ name: `${word}.jpg`, mimeType: "image/jpeg", buffer: jpeg });
  await expect(page.getByTestId("attachment")).toHaveText(`${word}.jpg`);
  await page.getByRole("textbox", { name: "Responder" }).fill(`Olha o ${word}`);
  await page.getByRole("button", { name: "Enviar" }).click();
  const sent = page.getByTestId("thread").locator('[data-direction="out"]').filter({ hasText: `Olha o ${word}` });
  await expect(sent).toBeVisible();
  await expect(sent).toHaveAttribute("data-status", "delivered", { timeout: 15000 });

  // Twilio got one MediaUrl, fetched it without credentials, and read the photo.
  type Sent = { body: string; status: string; media_urls?: string[]; sent_media?: { status: number; content_type: string; size: number }[] };
  const mms = async () => {
    const res = await page.request.get(`${sim}/_sim/messages?to=${encodeURIComponent(from)}`);
    return ((await res.json()) as { data: Sent[] }).data.find((m) => m.body === `Olha o ${word}`);
  };
  await expect.poll(async () => (await mms())?.status).toBe("delivered");
  const m = (await mms())!;
  expect(m.media_urls).toHaveLength(1);
  expect(m.sent_media).toEqual([expect.objectContaining({ status: 200, content_type: "image/jpeg", size: jpeg.length })]);
});
