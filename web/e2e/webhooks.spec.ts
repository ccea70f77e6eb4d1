import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { login, shot, toast, unique } from "./helpers";

// A receiver on 127.0.0.1: serve.mjs adds its port (MASTERIA_E2E_HOOK_PORT)
// to the server's MASTERIA_EGRESS_ALLOW_HOSTS, the only way plain http to a
// local address is let out.
const port = Number(process.env.MASTERIA_E2E_HOOK_PORT);
type Hit = { path: string; headers: IncomingHttpHeaders; body: string };
const hits: Hit[] = [];
let server: Server;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      hits.push({ path: req.url ?? "", headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** verified checks a request as Standard Webhooks' libraries do and returns its JSON body. */
function verified(hit: Hit, secret: string): { type: string; timestamp: string; data: Record<string, unknown> } {
  const id = String(hit.headers["webhook-id"] ?? "");
  const ts = String(hit.headers["webhook-timestamp"] ?? "");
  const sigs = String(hit.headers["webhook-signature"] ?? "");
  expect(id && ts && sigs, JSON.stringify(hit.headers)).toBeTruthy();
  expect(Math.abs(Date.now() / 1000 - Number(ts))).toBeLessThan(300);
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const want = Buffer.from(createHmac("sha256", key).update(`${id}.${ts}.${hit.body}`).digest("base64"));
  const ok = sigs
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .some((s) => {
      const got = Buffer.from(s.slice(3));
      return got.length === want.length && timingSafeEqual(got, want);
    });
  expect(ok, `no v1 signature of ${sigs} matches`).toBe(true);
  return JSON.parse(hit.body);
}

test("a webhook is created, tested, receives the workspace's events signed, and resends one", async ({ page }) => {
  const name = unique("ERP e2e");
  const url = `http://127.0.0.1:${port}/hooks/${Date.now()}`;
  const path = new URL(url).pathname;
  const mine = () => hits.filter((h) => h.path === path);

  await login(page, "/settings/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks de saída" })).toBeVisible();
  await page.getByRole("button", { name: "Novo webhook" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("URL de destino").fill(url);
  await dialog.getByLabel("Descrição").fill(name);
  await dialog.getByLabel("Contatos").check();
  await dialog.getByRole("button", { name: "Criar" }).click();

  // The secret, once, with how to verify it.
  const secretBox = dialog.getByTestId("webhook-secret");
  await expect(secretBox).toContainText("whsec_");
  const secret = (await secretBox.textContent()) ?? "";
  await expect(dialog.getByText("Como verificar")).toBeVisible();
  await shot(page, "webhooks-secret");
  await dialog.getByRole("button", { name: "Já copiei" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  const row = page.locator('[data-testid^="webhook-whe_"]').filter({ hasText: name });
  await expect(row.getByTestId("webhook-state")).toHaveText("Ativo");
  expect(await page.content()).not.toContain(secret);

  // Enviar teste: delivered, and the receiver got a signed webhook.test.
  await row.getByRole("button", { name: "Enviar teste" }).click();
  await expect(row.getByTestId("webhook-test-result")).toContainText("Teste entregue: o destino respondeu 204");
  await expect.poll(() => mine().length).toBe(1);
  const testEvent = verified(mine()[0]!, secret);
  expect(testEvent.type).toBe("webhook.test");
  await expect(row.getByTestId("webhook-delivery").filter({ hasText: "webhook.test" })).toContainText("Entregue");
  await shot(page, "webhooks");

  // A contact created in the workspace reaches it as contact.created.
  const phone = `+55119${String(Math.floor(10_000_000 + Math.random() * 89_999_999))}`;
  const created = await page.request.post("/api/v1/contacts", { data: { name: `Contato ${name}`, phone } });
  expect(created.ok(), await created.text()).toBeTruthy();
  const contact = await created.json();
  await expect.poll(() => mine().filter((h) => h.body.includes(contact.id)).length, { timeout: 15_000 }).toBe(1);
  const event = verified(mine().find((h) => h.body.includes(contact.id))!, secret);
  expect(event.type).toBe("contact.created");
  await expect(row.getByTestId("webhook-delivery").filter({ hasText: "contact.created" })).toContainText("Entregue", { timeout: 15_000 });

  // Reenviar: the same event again, with the same webhook-id, signed anew.
  const eventRow = row.getByTestId("webhook-delivery").filter({ hasText: "contact.created" });
  await eventRow.getByRole("button", { name: "Reenviar" }).click();
  await expect(toast(page, "Reenviado: o destino respondeu 204.").last()).toBeVisible();
  await expect.poll(() => mine().filter((h) => h.body.includes(contact.id)).length).toBe(2);
  const [first, again] = mine().filter((h) => h.body.includes(contact.id));
  expect(again!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
  expect(again!.body).toBe(first!.body);
  expect(verified(again!, secret).type).toBe("contact.created");
  await shot(page, "webhooks-redeliver");

  // Disable: nothing can be resent until it is enabled again.
  await row.getByRole("button", { name: "Desativar" }).click();
  await expect(toast(page, "Webhook desativado").last()).toBeVisible();
  await expect(row.getByTestId("webhook-state")).toHaveText("Desativado");
  await expect(eventRow.getByRole("button", { name: "Reenviar" })).toBeDisabled();
  await row.getByRole("button", { name: "Ativar" }).click();
  await expect(toast(page, "Webhook ativado").last()).toBeVisible();
  await expect(eventRow.getByRole("button", { name: "Reenviar" })).toBeEnabled();
  await row.getByRole("button", { name: "Desativar" }).click();
  await expect(row.getByTestId("webhook-state")).toHaveText("Desativado");
  await row.getByRole("button", { name: `Excluir ${name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Excluir" }).click();
  await expect(toast(page, "Webhook excluído").last()).toBeVisible();
  await expect(row).toHaveCount(0);
});
