import { expect, test, type Page } from "@playwright/test";
import { login, unique } from "./helpers";
import { customerWrites, phone, whatsappSim } from "./inbox-helpers";

async function json<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  expect(res.ok(), await res.text()).toBeTruthy();
  return (await res.json()) as T;
}

test("a person taking the conversation ends the bot's wait for a reply; the run says why, and a trigger can opt in to run anyway", async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, "/");
  const keyword = unique("sofa").replace(/-/g, "");
  const name = `Helena ${keyword.slice(-4)}`;
  const created = await page.request.post("/api/v1/flows", {
    data: {
      yaml: `version: 1
name: ${keyword}
title: Espera ${keyword}
trigger:
  on: message.received
  channel: whatsapp
  keyword: ${keyword}
steps:
  - id: ask
    uses: set
    with: { asked: true }
  - id: wait
    uses: wait.reply
    with: { timeout: 1h }
    on_timeout: nudge
    next: end
  - id: nudge
    uses: whatsapp.send
    with: { to: "{{ contact.phone }}", text: "Oi, posso ajudar com o orçamento?" }
`,
    },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  const flow = (await created.json()) as { id: string };
  expect((await page.request.post(`/api/v1/flows/${flow.id}/publish`)).ok()).toBeTruthy();

  // The customer writes: the bot waits for their reply.
  const sim = await whatsappSim(page);
  await customerWrites(page, sim, phone(), `${keyword} quanto custa o sofá?`, name);
  type Runs = { items: { id: string; status: string; error?: string }[] };
  const run = async () => (await json<Runs>(page, `/api/v1/runs?flow_id=${flow.id}`)).items[0];
  await expect.poll(async () => (await run())?.status, { timeout: 30_000 }).toBe("waiting");

  // A person takes the conversation over: the wait ends, its timer with it.
  const convs = await json<{ items: { id: string }[] }>(page, `/api/v1/conversations?q=${encodeURIComponent(name)}`);
  const handoff = await page.request.post(`/api/v1/conversations/${convs.items[0]!.id}/handoff`, { data: {} });
  expect(handoff.ok(), await handoff.text()).toBeTruthy();
  await expect.poll(async () => (await run())?.error, { timeout: 30_000 }).toBe("handed_to_human");

  const { id: runId } = (await run())!;
  await page.goto(`/flows/${flow.id}/runs`);
  await expect(page.getByTestId(`run-${runId}`).getByTestId("run-row-reason")).toHaveText("Encerrado: uma pessoa assumiu a conversa");
  await page.getByTestId(`run-${runId}`).click();
  await expect(page.getByTestId("run-status")).toHaveText("Cancelada");
  await expect(page.getByTestId("run-reason")).toHaveText("Encerrado: uma pessoa assumiu a conversa");
  await expect(page.getByTestId("trace-wait").last()).toContainText("Encerrado: uma pessoa assumiu a conversa");

  // The trigger's opt-in: a checkbox in the editor, written to the YAML.
  await page.goto(`/flows/${flow.id}`);
  await page.getByTestId("node-trigger").click();
  const box = page.getByTestId("trigger-form").getByRole("checkbox", { name: "Rodar também quando uma pessoa atende a conversa" });
  await expect(box).not.toBeChecked();
  await box.check();
  await page.getByRole("tab", { name: "YAML" }).click();
  expect(await page.getByTestId("yaml-textarea").inputValue()).toContain("while_human: true");
  await page.getByRole("tab", { name: "Visual" }).click();
  await page.getByTestId("node-trigger").click();
  await page.getByTestId("trigger-form").getByRole("checkbox", { name: "Rodar também quando uma pessoa atende a conversa" }).uncheck();
  await page.getByRole("tab", { name: "YAML" }).click();
  expect(await page.getByTestId("yaml-textarea").inputValue()).not.toContain("while_human");
});
