import { expect, test, type Locator, type Page } from "@playwright/test";
import { login, shot, toast, unique } from "./helpers";

/** center is the middle of an element on the page. */
async function center(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error("not visible");
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** connect drags from a source handle to a node (React Flow connects to its nearest handle). */
async function connect(page: Page, from: Locator, to: Locator) {
  const a = await center(from);
  const tb = await to.boundingBox();
  if (!tb) throw new Error("target not visible");
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(a.x + 10, a.y + 20, { steps: 4 });
  await page.mouse.move(tb.x + tb.width / 2, tb.y + 2, { steps: 12 });
  await page.mouse.up();
}

async function yamlText(page: Page) {
  return page.getByTestId("yaml-textarea").inputValue();
}

test("build, lint, test, publish and run a flow in the visual editor", async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, "/flows");
  await expect(page.getByRole("heading", { name: "Fluxos" })).toBeVisible();

  // New flow from the starter document
  const title = unique("Fluxo E2E");
  await page.getByRole("button", { name: "Novo fluxo" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Título").fill(title);
  await dialog.getByRole("button", { name: "Criar" }).click();
  await expect(page).toHaveURL(/\/flows\/flw_[\w]+$/);
  const editor = page.getByTestId("flow-editor");
  await expect(editor.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByTestId("node-trigger")).toBeVisible();
  await expect(page.getByTestId("node-greeting")).toBeVisible();
  await expect(page.getByTestId("node-done")).toBeVisible();
  await expect(page.getByTestId("problem-count")).toHaveAttribute("data-count", "0");

  // Drag a condition from the palette onto an empty part of the canvas
  const canvas = page.getByTestId("flow-canvas");
  await expect(canvas).toHaveAttribute("data-settled", "true"); // the first fit moves every node
  const cb = (await canvas.boundingBox())!;
  await page.getByTestId("palette-branch").dragTo(canvas, { targetPosition: { x: cb.width - 150, y: cb.height / 2 } });
  const cond = page.getByTestId("node-condition");
  await expect(cond).toBeVisible();
  // nothing leads to it yet: the linter says so on the node
  await expect(cond).toHaveAttribute("data-problems", "1");

  // Connect greeting → condition, then condition's "sim" → done
  await connect(page, page.getByTestId("handle-greeting-next"), cond);
  await expect(page.getByTestId("problem-count")).not.toHaveAttribute("data-count", "0");
  await expect(cond).toHaveAttribute("data-problems", "0");
  await connect(page, page.getByTestId("handle-condition-then"), page.getByTestId("node-done"));
  await expect(page.getByTestId("problem-count")).toHaveAttribute("data-count", "0");

  // Edit the condition in its form
  await cond.click();
  const form = page.getByTestId("step-form");
  await expect(form.getByRole("heading", { name: "Condição", level: 2 })).toBeVisible();
  const ifField = form.getByRole("textbox", { name: "if" });
  await ifField.fill('message.text contains "preço"');

  // A bad expression: a marker on the node, under the field and in the count…
  await ifField.fill("message.text contains");
  await expect(cond).toHaveAttribute("data-problems", "1");
  await expect(form.locator("[data-field-error]").first()).toBeVisible();
  await expect(page.getByTestId("problem-count")).toHaveAttribute("data-count", "1");
  // …and publishing is refused with the field's problem
  await page.getByRole("button", { name: "Publicar" }).click();
  await expect(page.getByTestId("publish-refused")).toContainText("steps[2].if");
  await shot(page, "flow-editor-problems");
  // fixed: the markers go away
  await page.getByRole("tab", { name: "Propriedades" }).click();
  await page.getByTestId("step-form").getByRole("textbox", { name: "if" }).fill('message.text != ""');
  await expect(cond).toHaveAttribute("data-problems", "0");
  await expect(page.getByTestId("problem-count")).toHaveAttribute("data-count", "0");

  // Move the node; the position goes into x-ui
  const before = (await cond.boundingBox())!;
  await page.mouse.move(before.x + 60, before.y + 14);
  await page.mouse.down();
  await page.mouse.move(before.x + 20, before.y + 60, { steps: 8 });
  await page.mouse.up();
  const moved = (await cond.boundingBox())!;
  expect(Math.abs(moved.y - before.y)).toBeGreaterThan(20);

  // YAML mode: the edits are there, with positions; fix the test's path there
  await page.getByRole("tab", { name: "YAML" }).click();
  let yaml = await yamlText(page);
  expect(yaml).toContain("next: condition");
  expect(yaml).toContain("then: done");
  expect(yaml).toContain('if: message.text != ""');
  expect(yaml).toMatch(/x-ui:\n  nodes:\n[^]*condition: \{ x: -?\d+, y: -?\d+ \}/);
  // a problem typed in YAML is marked on its line
  await page.getByTestId("yaml-textarea").fill(yaml.replace('if: message.text != ""', "if: message.text =="));
  await expect(page.locator('[data-line][data-problem="true"]').first()).toBeVisible();
  yaml = yaml.replace("path: [ greeting, done ]", "path: [ greeting, condition, done ]");
  await page.getByTestId("yaml-textarea").fill(yaml);
  await expect(page.locator('[data-line][data-problem="true"]')).toHaveCount(0);
  await page.getByRole("tab", { name: "Visual" }).click();
  const back = (await page.getByTestId("node-condition").boundingBox())!;
  expect(Math.round(back.x)).toBe(Math.round(moved.x));
  expect(Math.round(back.y)).toBe(Math.round(moved.y));

  await page.getByRole("button", { name: "Salvar" }).click();
  await expect(toast(page, "Rascunho salvo").last()).toBeVisible();
  await expect(page.getByTestId("save-state")).toHaveText("Salvo");

  // Tests: the flow's own test and a dry run, each with its trace and path
  await page.getByRole("button", { name: "Testar" }).click();
  await page.getByRole("button", { name: "Rodar testes" }).click();
  await expect(page.getByTestId("test-summary")).toHaveText("2 de 2 passaram");
  const results = page.getByTestId("test-result");
  await expect(results).toHaveCount(2);
  await results.filter({ hasText: "Execução de teste" }).getByRole("button").first().click();
  const trace = page.getByTestId("test-panel").getByTestId("trace");
  await expect(trace.getByTestId("trace-greeting")).toHaveAttribute("data-status", "ok");
  await expect(trace.getByTestId("trace-condition")).toBeVisible();
  await expect(trace.getByTestId("trace-done")).toBeVisible();
  await expect(page.getByTestId("node-condition")).toHaveAttribute("data-highlighted", "true");
  await shot(page, "flow-editor");

  // Publish
  await page.getByRole("button", { name: "Publicar" }).click();
  await expect(toast(page, "Versão 1 publicada").last()).toBeVisible();
  await expect(page.getByTestId("published-version")).toHaveText("v1");

  // A manual run, completed, in Runs
  await page.getByRole("button", { name: "Mais ações" }).click();
  await page.getByRole("menuitem", { name: "Executar agora" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Executar" }).click();
  await expect(page).toHaveURL(/\/flows\/flw_\w+\/runs\?run=run_\w+/);
  await expect(page.getByTestId("run-status")).toHaveText("Concluída");
  const detail = page.getByTestId("run-detail");
  await expect(detail.getByTestId("trace-condition")).toBeVisible();
  await expect(page.locator("[data-testid^=run-run_]").first()).toHaveAttribute("data-status", "completed");
  await shot(page, "flow-runs");

  // The list shows the published version; the flow can be deleted
  await page.goto("/flows");
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toContainText("v1");
  await row.getByRole("button", { name: /^Excluir / }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Excluir" }).click();
  await expect(page.getByRole("row").filter({ hasText: title })).toHaveCount(0);
});

/** createFlow makes and publishes a flow through the API. */
async function createFlow(page: Page, yaml: string) {
  const res = await page.request.post("/api/v1/flows", { data: { yaml } });
  expect(res.ok(), await res.text()).toBeTruthy();
  const flow = (await res.json()) as { id: string };
  const pub = await page.request.post(`/api/v1/flows/${flow.id}/publish`);
  expect(pub.ok(), await pub.text()).toBeTruthy();
  return flow.id;
}

test("runs: a waiting run is cancelled, a failed one is sent back to a step", async ({ page }) => {
  await login(page, "/");
  const name = unique("runs");
  const id = await createFlow(
    page,
    `version: 1
name: ${name}
title: Runs ${name}
trigger: { on: manual }
steps:
  - id: ask
    uses: wait.reply
    with: { timeout: 24h }
  - id: call
    uses: http.request
    with: { url: "http://127.0.0.1:1/nothing" }
    retry: { max_attempts: 1 }
`,
  );
  const start = await page.request.post(`/api/v1/flows/${id}/runs`, { data: { contact: { first_name: "Ana" } } });
  const run = (await start.json()) as { id: string };

  await page.goto(`/flows/${id}/runs`);
  await expect(page.getByRole("heading", { name: "Execuções", level: 1 })).toBeVisible();
  await page.getByTestId(`run-${run.id}`).click();
  await expect(page.getByTestId("run-status")).toHaveText("Aguardando");
  await page.getByRole("button", { name: "Cancelar execução" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancelar execução" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("Cancelada");

  // the status filter
  await page.getByRole("combobox", { name: "Status" }).click();
  await page.getByRole("option", { name: "Concluída" }).click();
  await expect(page.getByText("Nenhuma execução")).toBeVisible();
  await page.getByRole("combobox", { name: "Status" }).click();
  await page.getByRole("option", { name: "Cancelada" }).click();
  await expect(page.getByTestId(`run-${run.id}`)).toBeVisible();

  // retry from the http step: it fails (nothing listens there)
  await page.getByRole("combobox", { name: "Etapa" }).click();
  await page.getByRole("option", { name: "ask" }).click();
  await page.getByRole("button", { name: "Tentar de novo" }).click();
  await expect(toast(page, "Execução retomada em ask").last()).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("Aguardando");
});

test("a branching flow is laid out, tested with its path on the canvas (README screenshots)", async ({ page }) => {
  await login(page, "/");
  const name = unique("qualificar-leads");
  const res = await page.request.post("/api/v1/flows", {
    data: {
      yaml: `version: 1
name: ${name}
title: Qualificar leads do WhatsApp
# Leads que pedem preço: quem tem pressa vai para o time de vendas.
trigger:
  on: message.received
  channel: whatsapp
  if: 'message.text matches "(?i)preço|orçamento"'
steps:
  - id: lembrar
    uses: set
    with:
      pergunta: "{{ message.text }}"
  - id: quente
    if: 'message.text contains "hoje"'
    then: qualificar
    else: esperar
  - id: qualificar
    uses: kanban.move
    with: { board: Vendas, stage: Qualificado }
    next: atendente
  - id: atendente
    uses: handoff
    with: { team: vendas, note: "Lead quente: {{ vars.pergunta }}" }
    next: end
  - id: esperar
    uses: wait.reply
    with: { timeout: 24h }
    on_timeout: lembrete
    next: qualificar
  - id: lembrete
    uses: contact.tag
    with: { tag: lead-frio }
tests:
  - name: lead com pressa vai para Qualificado
    given:
      message: { channel: whatsapp, text: "Qual o preço? Preciso hoje" }
    expect:
      path: [lembrar, quente, qualificar, atendente]
      kanban: { stage: Qualificado }
  - name: sem resposta recebe a etiqueta lead-frio
    given:
      message: { channel: whatsapp, text: "Qual o preço?" }
      mocks: { esperar: { error: timeout } }
    expect:
      path: [lembrar, quente, esperar, lembrete]
`,
    },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const flow = (await res.json()) as { id: string };
  await page.goto(`/flows/${flow.id}`);
  for (const id of ["lembrar", "quente", "qualificar", "atendente", "esperar", "lembrete"]) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await expect(page.getByTestId("problem-count")).toHaveAttribute("data-count", "0");
  await page.getByTestId("node-qualificar").click();
  await expect(page.getByTestId("step-form").getByRole("heading", { name: "Mover no Kanban", level: 2 })).toBeVisible();
  await expect(page.getByTestId("step-form").getByRole("textbox", { name: "stage" })).toHaveValue("Qualificado");
  await shot(page, "flow-editor-form");

  await page.getByRole("button", { name: "Testar" }).click();
  await page.getByRole("button", { name: "Rodar testes" }).click();
  await expect(page.getByTestId("test-summary")).toHaveText("3 de 3 passaram");
  await page.getByTestId("test-result").first().getByRole("button").first().click();
  await page.getByTestId("test-result").filter({ hasText: "lead com pressa" }).getByRole("button").first().click();
  await expect(page.getByTestId("node-atendente")).toHaveAttribute("data-highlighted", "true");
  await expect(page.getByTestId("node-esperar")).not.toHaveAttribute("data-highlighted", "true");
  await page.mouse.click(10, 10);
  await shot(page, "flow-editor-test");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

  test("the editor lists the steps and opens a step's form in a sheet", async ({ page }) => {
    await login(page, "/");
    const name = unique("phone");
    const res = await page.request.post("/api/v1/flows", {
      data: { yaml: `version: 1\nname: ${name}\ntitle: Celular\ntrigger: { on: manual }\nsteps:\n  - id: hello\n    uses: set\n    with: { greeting: "Oi" }\n  - id: bye\n    uses: end\n` },
    });
    const flow = (await res.json()) as { id: string };
    await page.goto(`/flows/${flow.id}`);
    await expect(page.getByTestId("step-list")).toBeVisible();
    await shot(page, "mobile-flow");
    await page.getByTestId("list-hello").click();
    const sheet = page.getByRole("dialog");
    await expect(sheet.getByTestId("step-form")).toBeVisible();
    await expect(sheet.getByRole("heading", { name: "Definir variáveis" })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, "mobile-flow-step");
  });
});
