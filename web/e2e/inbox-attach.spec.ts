import { expect, test } from "@playwright/test";
import { login, unique } from "./helpers";
import { customerWrites, phone, simOutbox, whatsappSim } from "./inbox-helpers";

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
