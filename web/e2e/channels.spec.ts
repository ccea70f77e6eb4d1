import { expect, test } from "@playwright/test";
import { login, shot, toast, unique } from "./helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow

test("the demo's connections show their health after a check, and never their secrets", async ({ page }) => {
  await login(page, "/channels");
  const wa = page.getByTestId("connection-WhatsApp (simulador)");
  await expect(wa).toContainText("WhatsApp Cloud API");
  await expect(wa).toContainText("access_token");
  await wa.getByRole("button", { name: "Verificar" }).click();
  await expect(toast(page, "WhatsApp (simulador) está funcionando")).toBeVisible();
  await expect(wa.getByTestId("connection-status")).toHaveText("Funcionando");
  const html = await page.content();
  for (const secret of ["sim-whatsapp-access-token", "sim-whatsapp-app-secret", "sim-twilio-auth-token"]) expect(html).not.toContain(secret);
});

test("a channel connected through the form generated from its schema is checked at once", async ({ page }) => {
  await login(page, "/channels");
  await page.getByRole("button", { name: "Conectar canal" }).first().click();
  await page.getByRole("button", { name: /Twilio SMS/ }).click();
  const form = page.getByTestId("connection-form");
  await expect(form.getByRole("heading", { name: "Conectar Twilio SMS" })).toBeVisible();

  // Required by the schema, checked before anything is sent.
  await form.getByRole("button", { name: "Conectar canal" }).click();
  await expect(form.locator("[data-field-error]")).toHaveText(["Obrigatório"]);

  // The check reaches the provider: here the demo's Twilio simulator, with
  // its account (the demo's SMS connection shows where it is and its SID).
  const connections = (await (await page.request.get("/api/v1/connections")).json()) as {
    items: { name: string; config: Record<string, unknown> }[];
  };
  const demo = connections.items.find((c) => c.name === "SMS (simulador)")!.config;
  const name = unique("SMS Loja");
  const token = "sim-twilio-auth-token"; // the simulator's; never shown once typed
  await form.getByLabel("Nome da conexão").fill(name);
  await form.getByLabel("Account SID").fill(String(demo.account_sid));
  await form.getByLabel("Auth token").fill(token);
  await form.getByLabel("From").fill("+15557122661");
  await expect(form.getByLabel("Auth token")).toHaveAttribute("type", "password");
  await form.getByRole("button", { name: "Opções avançadas" }).click();
  await form.getByLabel("Base URL", { exact: true }).fill(String(demo.base_url));
  await form.getByRole("button", { name: "Conectar canal" }).click();

  await expect(toast(page, `${name} conectado`)).toBeVisible();
  const card = page.getByTestId(`connection-${name}`);
  await expect(card.getByTestId("connection-status")).toHaveText("Funcionando");
  await expect(card).toContainText("auth_token");
  await expect(card).toContainText(/\/hooks\/con_/);
  expect(await page.content()).not.toContain(token);
  const listed = await (await page.request.get("/api/v1/connections")).text();
  expect(listed).toContain(name);
  expect(listed).not.toContain(token);
  await shot(page, "channels");

  // Editing keeps the stored secret when its field is left empty.
  await card.getByRole("button", { name: "Editar" }).click();
  await expect(form.getByLabel("Auth token")).toHaveValue("");
  await form.getByLabel("From").fill("+15557122662");
  await form.getByRole("button", { name: "Salvar" }).click();
  await expect(toast(page, `${name} salvo`)).toBeVisible();
  await expect(card.getByTestId("connection-status")).toHaveText("Funcionando");
});

test("a connection whose config the plugin refuses is not saved, and the form says why on the field", async ({ page }) => {
  await login(page, "/channels");
  await page.getByRole("button", { name: "Conectar canal" }).first().click();
  await page.getByRole("button", { name: /Twilio SMS/ }).click();
  const form = page.getByTestId("connection-form");
  const name = unique("SMS quebrado");
  await form.getByLabel("Nome da conexão").fill(name);
  await form.getByLabel("Account SID").fill("ACcurto");
  await form.getByLabel("Auth token").fill("x");
  await form.getByLabel("From").fill("+15557122661");
  await form.getByRole("button", { name: "Conectar canal" }).click();

  await expect(form.locator("[data-field-error]")).toContainText(["AC followed by 32 hexadecimal characters"]);
  await expect(page.getByTestId(`connection-${name}`)).toHaveCount(0);
  const listed = await (await page.request.get("/api/v1/connections")).text();
  expect(listed).not.toContain(name);
});

test("a connection whose check fails shows the provider's reason, and can be removed", async ({ page }) => {
  await login(page, "/channels");
  await page.getByRole("button", { name: "Conectar canal" }).first().click();
  await page.getByRole("button", { name: /Twilio SMS/ }).click();
  const form = page.getByTestId("connection-form");
  const name = unique("SMS sem acesso");
  await form.getByLabel("Nome da conexão").fill(name);
  await form.getByLabel("Account SID").fill("AC" + "0".repeat(31) + "9");
  await form.getByLabel("Auth token").fill("x");
  await form.getByLabel("From").fill("+15557122661");
  await form.getByRole("button", { name: "Conectar canal" }).click();

  // Twilio itself is out of reach here: the check says so.
  const card = page.getByTestId(`connection-${name}`);
  await expect(card.getByTestId("connection-status")).toHaveText("Com erro");
  await expect(card.getByTestId("connection-detail")).not.toBeEmpty();

  await card.getByRole("button", { name: `Remover ${name}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remover" }).click();
  await expect(toast(page, `Conexão ${name} removida`)).toBeVisible();
  await expect(card).toHaveCount(0);
});
