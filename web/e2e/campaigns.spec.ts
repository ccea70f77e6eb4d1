import { expect, test } from "@playwright/test";
import { audienceOfTwo, login, shot, toast, unique } from "./helpers";
import { customerWrites, phone, whatsappSim } from "./inbox-helpers";

test.describe.configure({ timeout: 90_000 }); // a shared 2-core machine: page loads are slow

test("a small WhatsApp campaign counts its audience live, starts and reaches 100%", async ({ page }) => {
  await login(page, "/campaigns");
  await page.getByRole("button", { name: "Nova campanha" }).first().click();
  await expect(page).toHaveURL(/\/campaigns\/new$/);

  const name = unique("Boas-vindas");
  await page.getByLabel("Nome", { exact: true }).fill(name);
  // The live count follows the audience: the six seeded "demo" contacts, then without the two VIPs.
  await page.getByLabel("Com todas as etiquetas").fill("demo");
  await expect(page.getByTestId("audience-count")).toHaveText("6 contatos receberão");
  await page.getByLabel("Sem as etiquetas").fill("vip");
  await expect(page.getByTestId("audience-count")).toHaveText("4 contatos receberão");
  await page.getByLabel("Sem as etiquetas").fill("");
  await expect(page.getByTestId("audience-count")).toHaveText("6 contatos receberão");
  await expect(page.getByTestId("audience-preview")).toContainText("Mariana Costa");

  await page.getByRole("radiogroup", { name: "Conteúdo" }).getByText("Template do WhatsApp").click();
  await page.getByLabel("Nome do template").fill("hello_world");
  await page.getByRole("textbox", { name: "Idioma" }).fill("en_US");
  await page.getByRole("button", { name: "Salvar e iniciar" }).click();

  await expect(toast(page, `Campanha ${name} iniciada`)).toBeVisible();
  await expect(page).toHaveURL(/\/campaigns\/cmp_/);
  await expect(page.getByTestId("campaign-percent")).toHaveText("100%", { timeout: 60_000 });
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("campaign-status")).toHaveText("Concluída");
  await expect(page.getByTestId("count-sent")).toContainText("6");
  await expect(page.getByText("6 de 6 contatos")).toBeVisible();
  await expect(page.getByTestId("funnel-send").or(page.locator("[data-testid^=funnel-]").first())).toContainText("6");
  await shot(page, "campaigns");

  await page.getByRole("link", { name: "Campanhas" }).first().click();
  await expect(page.getByTestId(`campaign-${name}`)).toContainText("Concluída");
});

test("bad input is reported under its fields and nothing is created", async ({ page }) => {
  await login(page, "/campaigns/new");
  await page.getByLabel("Condição avançada (opcional)").fill("contact.tags +");
  // the preview rejects the expression, under its field, in pt-BR with its place
  await expect(page.locator("[data-field-error]", { hasText: "A expressão termina antes do esperado: falta algo no final (linha 1, coluna 14)." })).toBeVisible();
  await page.getByLabel("Condição avançada (opcional)").fill("");
  await page.getByRole("button", { name: "Salvar rascunho" }).click();
  await expect(toast(page, "Revise os campos destacados.")).toBeVisible();
  await expect(page.locator("[data-field-error]").first()).toBeVisible();
  await expect(page).toHaveURL(/\/campaigns\/new$/);
});

test("a draft can be started from its page and the stream shows it live", async ({ page }) => {
  await login(page, "/campaigns");
  const name = unique("Rascunho");
  const res = await page.request.post("/api/v1/campaigns", {
    data: { name, channel: "sms", spec: { audience: { tags: ["demo", "vip"] }, message: { text: "Oi {{ contact.first_name }}!" }, schedule: {}, pacing: {}, breaker: {} } },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const { id } = await res.json();
  // The page listens on the tenant's WebSocket; the campaign's progress must arrive there.
  const socket = page.waitForEvent("websocket", (ws) => ws.url().endsWith("/api/v1/stream"));
  await page.goto(`/campaigns/${id}`);
  const ws = await socket;
  const pushed = ws.waitForEvent("framereceived", {
    predicate: (f) => typeof f.payload === "string" && f.payload.includes('"campaign.progress"') && f.payload.includes(id),
    timeout: 60_000,
  });
  await expect(page.getByTestId("campaign-status")).toHaveText("Rascunho");
  await expect(page.getByTestId("campaign-percent")).toHaveText("0%");
  await page.getByRole("button", { name: "Iniciar" }).click();
  await expect(toast(page, "Campanha iniciada")).toBeVisible();
  await expect(page.getByTestId("campaign-percent")).toHaveText("100%", { timeout: 60_000 });
  await expect(page.getByTestId("count-sent")).toContainText("2");
  await pushed;
});

test("a template campaign with a header file uploads it once and sends it to everyone by media ID", async ({ page }) => {
  await login(page, "/campaigns/new");
  const { tag } = await audienceOfTwo(page);
  const name = unique("Folheto");
  await page.getByLabel("Nome", { exact: true }).fill(name);
  await page.getByLabel("Com todas as etiquetas").fill(tag);
  await expect(page.getByTestId("audience-count")).toHaveText("2 contatos receberão");
  await page.getByRole("radiogroup", { name: "Conteúdo" }).getByText("Template do WhatsApp").click();
  await page.getByLabel("Nome do template").fill("promo_imagem");
  await page.getByLabel("Variáveis").fill(`1=verão ${tag}`);
  await page.getByLabel("Arquivo do cabeçalho (opcional)").setInputFiles({ name: `${tag}.png`, mimeType: "image/png", buffer: Buffer.from(`png ${tag}`) });
  await expect(page.getByTestId("file-pick-name")).toContainText(`${tag}.png`);
  await page.getByRole("button", { name: "Salvar e iniciar" }).click();
  await expect(toast(page, `Campanha ${name} iniciada`)).toBeVisible();
  await expect(page.getByTestId("campaign-percent")).toHaveText("100%", { timeout: 60_000 });

  type Sent = { body: string; request: { template?: { name: string; components?: { type: string; parameters: { image?: { id?: string } }[] }[] } } };
  const sim = await whatsappSim(page);
  const { data } = (await (await page.request.get(`${sim}/_sim/messages`)).json()) as { data: Sent[] };
  const mine = data.filter((m) => m.request.template?.name === "promo_imagem" && m.body.includes(tag));
  const ids = mine.map((m) => m.request.template?.components?.find((c) => c.type === "header")?.parameters[0]?.image?.id);
  expect(ids).toHaveLength(2);
  expect(ids[0]).toMatch(/^\d+$/);
  expect(new Set(ids).size).toBe(1); // one upload serves every recipient
});

test("a media campaign sends one stored file, uploaded once, with a caption per contact, to contacts who wrote", async ({ page }) => {
  await login(page, "/campaigns/new");
  const sim = await whatsappSim(page);
  const tag = unique("midia").toLowerCase();
  const people = [
    { first: "Ana", number: phone() },
    { first: "Bia", number: phone() },
  ];
  for (const p of people) {
    const res = await page.request.post("/api/v1/contacts", { data: { name: `${p.first} ${tag}`, phone: `+${p.number}`, tags: [tag] } });
    expect(res.ok(), await res.text()).toBeTruthy();
    const { id } = (await res.json()) as { id: string };
    await customerWrites(page, sim, p.number, "oi"); // opens their 24-hour window
    await expect
      .poll(async () => ((await (await page.request.get(`/api/v1/conversations?contact_id=${id}`)).json()) as { items: { window_open: boolean }[] }).items[0]?.window_open, {
        timeout: 30_000,
      })
      .toBe(true);
  }
  const name = unique("Catálogo");
  await page.getByLabel("Nome", { exact: true }).fill(name);
  await page.getByLabel("Com todas as etiquetas").fill(tag);
  await expect(page.getByTestId("audience-count")).toHaveText("2 contatos receberão");
  await page.getByRole("radiogroup", { name: "Conteúdo" }).getByText("Arquivo", { exact: true }).click();
  // A first pick, replaced before saving, is discarded from the workspace.
  const first = page.waitForResponse((r) => r.url().endsWith("/api/v1/media") && r.request().method() === "POST");
  await page.getByLabel("Arquivo a enviar").setInputFiles({ name: `rascunho-${tag}.png`, mimeType: "image/png", buffer: Buffer.from(`draft ${tag}`) });
  const { id: draftID } = (await (await first).json()) as { id: string };
  await expect(page.getByTestId("file-pick-name")).toContainText(`rascunho-${tag}.png`);
  const discarded = page.waitForResponse((r) => r.url().endsWith(`/api/v1/media/${draftID}`) && r.request().method() === "DELETE");
  await page.getByLabel("Arquivo a enviar").setInputFiles({ name: `${tag}.png`, mimeType: "image/png", buffer: Buffer.from(`png ${tag}`) });
  expect((await discarded).status()).toBe(204);
  expect((await page.request.get(`/api/v1/media/${draftID}`)).status()).toBe(404);
  await expect(page.getByTestId("file-pick-name")).toContainText(`${tag}.png`);
  await page.getByLabel("Legenda (opcional)").fill(`Oi {{ contact.first_name }}, catálogo ${tag}`);
  await page.getByRole("button", { name: "Salvar e iniciar" }).click();
  await expect(toast(page, `Campanha ${name} iniciada`)).toBeVisible();
  await expect(page.getByTestId("campaign-percent")).toHaveText("100%", { timeout: 60_000 });
  await expect(page.getByTestId("count-sent")).toContainText("2");

  type Sent = { request: { to?: string; type?: string; image?: { id?: string; caption?: string } } };
  const { data } = (await (await page.request.get(`${sim}/_sim/messages`)).json()) as { data: Sent[] };
  const mine = data.filter((m) => m.request.type === "image" && m.request.image?.caption?.includes(tag));
  expect(mine.map((m) => m.request.image?.caption).sort()).toEqual([`Oi Ana, catálogo ${tag}`, `Oi Bia, catálogo ${tag}`]);
  const ids = mine.map((m) => m.request.image?.id);
  expect(ids[0]).toMatch(/^\d+$/);
  expect(new Set(ids).size).toBe(1); // one upload serves every recipient
});

test("a template campaign lists the connection's templates, says what the picked one takes and refuses variables that do not fit", async ({ page }) => {
  await login(page, "/campaigns/new");
  const { tag } = await audienceOfTwo(page);
  const name = unique("Pedidos");
  await page.getByLabel("Nome", { exact: true }).fill(name);
  await page.getByLabel("Com todas as etiquetas").fill(tag);
  await expect(page.getByTestId("audience-count")).toHaveText("2 contatos receberão");
  await page.getByRole("radiogroup", { name: "Conteúdo" }).getByText("Template do WhatsApp").click();
  await page.getByRole("textbox", { name: "Idioma" }).fill("");
  await page.getByLabel("Nome do template").fill("pedido_confirmado");
  await expect(page.getByRole("textbox", { name: "Idioma" })).toHaveValue("pt_BR"); // taken from the synced template
  await expect(page.getByText("este template pede: 1=Maria, 2=#1042")).toBeVisible();
  await page.getByLabel("Variáveis").fill("1={{ contact.first_name }}");
  await expect(page.getByTestId("template-preview")).toHaveText("Olá {{ contact.first_name }}, seu pedido {{2}} foi confirmado.");

  await page.getByRole("button", { name: "Salvar e iniciar" }).click();
  await expect(page.getByLabel("Variáveis")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("O WhatsApp recusaria esta mensagem (erro 132000): o número de variáveis não confere com o modelo.").first()).toBeVisible();
  await expect(page).toHaveURL(/\/campaigns\/new$/);

  await page.getByLabel("Variáveis").fill("1={{ contact.first_name }}\n2=#77");
  await page.getByRole("button", { name: "Salvar e iniciar" }).click();
  await expect(toast(page, `Campanha ${name} iniciada`)).toBeVisible();
  await expect(page.getByTestId("campaign-percent")).toHaveText("100%", { timeout: 60_000 });
});

test("a template with a text header and a link button asks for each; a paused one is flagged", async ({ page }) => {
  await login(page, "/campaigns/new");
  const { tag } = await audienceOfTwo(page);
  const name = unique("Enviados");
  await page.getByLabel("Nome", { exact: true }).fill(name);
  await page.getByLabel("Com todas as etiquetas").fill(tag);
  await expect(page.getByTestId("audience-count")).toHaveText("2 contatos receberão");
  await page.getByRole("radiogroup", { name: "Conteúdo" }).getByText("Template do WhatsApp").click();

  await page.getByLabel("Nome do template").fill("promo_pausada");
  await expect(page.getByText("status PAUSED: só templates aprovados são entregues")).toBeVisible();

  await page.getByLabel("Nome do template").fill("pedido_enviado");
  await expect(page.getByText("este template pede: 1=Maria, 2=3")).toBeVisible();
  await expect(page.getByText("https://loja.example.com.br/rastreio/… · ex.: BR1042")).toBeVisible();
  await page.getByLabel("Variáveis", { exact: true }).fill("1={{ contact.first_name }}\n2=3");
  await page.getByLabel("Variável 1 do título").fill("#1042");
  await expect(page.getByTestId("template-preview")).toContainText("Pedido #1042 a caminho");
  await expect(page.getByTestId("template-preview")).toContainText("Olá {{ contact.first_name }}, seu pedido saiu para entrega");

  // Without the button's link ending the campaign is refused, on that field.
  await page.getByRole("button", { name: "Salvar e iniciar" }).click();
  await expect(page.getByLabel("Fim do link do botão «Rastrear pedido»")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("O WhatsApp recusaria esta mensagem (erro 132000): o número de variáveis não confere com o modelo.").first()).toBeVisible();
  await expect(page).toHaveURL(/\/campaigns\/new$/);

  await page.getByLabel("Fim do link do botão «Rastrear pedido»").fill("BR-{{ contact.first_name }}");
  await page.getByRole("button", { name: "Salvar e iniciar" }).click();
  await expect(toast(page, `Campanha ${name} iniciada`)).toBeVisible();
  await expect(page.getByTestId("campaign-percent")).toHaveText("100%", { timeout: 60_000 });
  await expect(page.getByTestId("count-sent")).toContainText("2");
});
