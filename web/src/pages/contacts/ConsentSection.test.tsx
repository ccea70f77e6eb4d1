import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Consent } from "@/features/consents";
import { renderWithApp } from "@/test/render";
import { ConsentSection } from "./ConsentSection";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const plugins = { items: [{ config_schema: {}, manifest: { id: "whatsapp-cloud", channel: { name: "whatsapp" } } }, { config_schema: {}, manifest: { id: "twilio-sms", channel: { name: "sms" } } }] };
const connections = { items: [{ id: "cnn_1", plugin_id: "whatsapp-cloud", name: "wa" }, { id: "cnn_2", plugin_id: "twilio-sms", name: "sms" }] };
const members = { items: [{ user_id: "usr_ana", name: "Ana Lima", email: "ana@loja.com", role: "agent" }] };

let n = 0;
const rec = (channel: string, status: "opt_in" | "opt_out", source: string, created_at = "2026-11-28T14:02:00Z"): Consent => ({
  id: `cns_${++n}`, contact_id: "con_1", channel, status, source, created_at,
});

/** api answers the section's reads from records (newest first); a POST adds the agent's record on top and is kept in posts. */
function api(records: Consent[]) {
  const posts: unknown[] = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? "GET";
    if (url.endsWith("/api/v1/plugins")) return json(200, plugins);
    if (url.endsWith("/api/v1/connections")) return json(200, connections);
    if (url.endsWith("/api/v1/members")) return json(200, members);
    if (url.endsWith("/api/v1/contacts/con_1/consents") && method === "GET") return json(200, { items: records });
    if (url.endsWith("/api/v1/contacts/con_1/consents") && method === "POST") {
      const body = JSON.parse(String(init?.body)) as { channel: string; status: "opt_in" | "opt_out"; source?: string };
      posts.push(body);
      const c = rec(body.channel, body.status, body.source ?? "agent:usr_ana", "2026-11-29T09:00:00Z");
      records.unshift(c);
      return json(201, c);
    }
    return json(404, { error: { code: "not_found", message: "no" } });
  });
  vi.stubGlobal("fetch", fetch);
  return { posts, fetch };
}

const row = (scope: string) => screen.getByTestId(`consent-${scope}`);
const state = (scope: string) => within(row(scope)).getByTestId("consent-state").textContent;
const reason = (scope: string) => within(row(scope)).getByTestId("consent-reason").textContent;
const consentGets = (fetch: ReturnType<typeof api>["fetch"]) =>
  fetch.mock.calls.filter(([url, init]) => String(url).endsWith("/consents") && (init?.method ?? "GET") === "GET").length;

describe("ConsentSection", () => {
  it("shows WhatsApp receiving and its marketing blocked after a marketing-only opt-out", async () => {
    api([rec("whatsapp:marketing", "opt_out", "keyword:whatsapp-131050")]);
    renderWithApp(<ConsentSection contactID="con_1" canEdit />);
    await screen.findByTestId("consent-whatsapp");
    expect(state("whatsapp")).toBe("Recebe");
    expect(reason("whatsapp")).toBe("Nenhum pedido registrado");
    expect(state("whatsapp:marketing")).toBe("Não recebe");
    expect(reason("whatsapp:marketing")).toMatch(/^O WhatsApp recusou um modelo de marketing \(131050\) · 28 de nov\./);
    expect(state("sms")).toBe("Recebe");
  });

  it("blocks every channel after an opt-out of all, and says so on each", async () => {
    api([rec("all", "opt_out", "agent:usr_ana"), rec("sms", "opt_in", "import", "2026-11-01T10:00:00Z")]);
    renderWithApp(<ConsentSection contactID="con_1" canEdit />);
    await screen.findByTestId("consent-whatsapp");
    for (const scope of ["whatsapp", "whatsapp:marketing", "sms"]) expect(state(scope)).toBe("Não recebe");
    await waitFor(() => expect(reason("sms")).toMatch(/^Todos os canais: Registrado por Ana Lima · /));
    expect(screen.queryByText("Não enviar nada (todos os canais)")).toBeNull();
  });

  it("keeps marketing blocked after a later opt-in of WhatsApp alone", async () => {
    api([rec("whatsapp", "opt_in", "agent:usr_x", "2026-11-29T08:00:00Z"), rec("whatsapp:marketing", "opt_out", "keyword:PARAR PROMOCOES")]);
    renderWithApp(<ConsentSection contactID="con_1" canEdit />);
    await screen.findByTestId("consent-whatsapp");
    expect(state("whatsapp")).toBe("Recebe");
    expect(reason("whatsapp")).toMatch(/^Registrado por um atendente · /);
    expect(state("whatsapp:marketing")).toBe("Não recebe");
    expect(reason("whatsapp:marketing")).toMatch(/^Tocou em “Parar promoções” no WhatsApp · /);
  });

  it("records an agent's opt-out with the server's stamp, then reads the records again", async () => {
    const { posts, fetch } = api([]);
    renderWithApp(<ConsentSection contactID="con_1" canEdit />);
    await screen.findByTestId("consent-sms");
    expect(state("sms")).toBe("Recebe");
    const before = consentGets(fetch);
    fireEvent.click(screen.getByRole("button", { name: "Não enviar mais por SMS" }));
    await waitFor(() => expect(state("sms")).toBe("Não recebe"));
    expect(posts).toEqual([{ channel: "sms", status: "opt_out" }]);
    expect(consentGets(fetch)).toBeGreaterThan(before);
    expect(reason("sms")).toMatch(/^Registrado por Ana Lima · /);
    expect(await screen.findByText("Registrado: não recebe mais SMS")).toBeTruthy();
  });

  it("asks for the customer's permission before lifting their own opt-out", async () => {
    const { posts } = api([rec("whatsapp", "opt_out", "keyword:PARAR")]);
    renderWithApp(<ConsentSection contactID="con_1" canEdit />);
    await screen.findByTestId("consent-whatsapp");
    expect(reason("whatsapp")).toMatch(/^Pediu para sair escrevendo PARAR · 28 de nov\./);
    expect(state("whatsapp:marketing")).toBe("Não recebe");
    expect(reason("whatsapp:marketing")).toMatch(/^WhatsApp: Pediu para sair escrevendo PARAR · /);
    fireEvent.click(screen.getByRole("button", { name: "Voltar a enviar por WhatsApp" }));
    const dialog = await screen.findByRole("alertdialog");
    expect(dialog.textContent).toContain("O próprio contato pediu para sair (Pediu para sair escrevendo PARAR");
    expect(posts).toEqual([]);
    fireEvent.click(within(dialog).getByRole("button", { name: "Tenho a permissão, liberar" }));
    await waitFor(() => expect(state("whatsapp")).toBe("Recebe"));
    expect(posts).toEqual([{ channel: "whatsapp", status: "opt_in" }]);
  });

  it("says when lifting a part lifts its whole channel", async () => {
    const { posts } = api([rec("whatsapp", "opt_out", "agent:usr_ana"), rec("whatsapp:marketing", "opt_out", "keyword:whatsapp-131050")]);
    renderWithApp(<ConsentSection contactID="con_1" canEdit />);
    await screen.findByTestId("consent-whatsapp:marketing");
    expect(reason("whatsapp:marketing")).toMatch(/^O WhatsApp recusou um modelo de marketing \(131050\) · /);
    await waitFor(() => expect(reason("whatsapp")).toMatch(/^Registrado por Ana Lima · /));
    fireEvent.click(screen.getByRole("button", { name: "Voltar a enviar por WhatsApp · marketing" }));
    const dialog = await screen.findByRole("alertdialog");
    expect(dialog.textContent).toMatch(/^Voltar a enviar por WhatsApp · marketing\?O próprio contato pediu para sair \(O WhatsApp recusou .*O bloqueio vale para todo o WhatsApp:/);
    fireEvent.click(within(dialog).getByRole("button", { name: "Tenho a permissão, liberar" }));
    await waitFor(() => expect(posts).toEqual([{ channel: "whatsapp", status: "opt_in" }]));
  });

  it("lists every record under the history fold, newest first", async () => {
    api([rec("sms", "opt_in", "keyword:START", "2026-11-29T08:00:00Z"), rec("sms", "opt_out", "keyword:SAIR"), rec("email", "opt_out", "crm-legado")]);
    renderWithApp(<ConsentSection contactID="con_1" canEdit={false} />);
    const fold = await screen.findByRole("button", { name: "Histórico (3)" });
    expect(screen.queryByTestId("consent-history")).toBeNull();
    expect(screen.queryByRole("button", { name: /Não enviar mais/ })).toBeNull();
    fireEvent.click(fold);
    const items = within(screen.getByTestId("consent-history")).getAllByRole("listitem").map((li) => li.textContent);
    expect(items[0]).toMatch(/^SMS · Recebe Pediu para voltar escrevendo START/);
    expect(items[1]).toMatch(/^SMS · Não recebe Pediu para sair escrevendo SAIR/);
    expect(items[2]).toMatch(/^E-mail · Não recebe crm-legado/);
  });
});
