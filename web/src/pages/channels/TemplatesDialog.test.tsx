import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Connection, ConnectionTemplates } from "@/features/connections";
import { hasTemplates } from "@/features/connections";
import type { PluginView } from "@/features/plugins";
import { renderWithApp } from "@/test/render";
import { TemplatesDialog } from "./TemplatesDialog";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const conn = { id: "con_wa", name: "WhatsApp Loja", plugin_id: "whatsapp-cloud" } as Connection;
const tpl = (name: string, status: string, quality: string, header = "") => ({ name, language: "pt_BR", category: "MARKETING", status, quality, header });

/** stubApi answers the list with listed and the sync with synced, recording the calls. */
function stubApi(listed: ConnectionTemplates, synced: ConnectionTemplates) {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      const method = init?.method ?? (input instanceof Request ? input.method : "GET");
      calls.push(`${method} ${new URL(url, "http://x").pathname}`);
      const body = url.includes("/templates/sync") ? synced : listed;
      return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
    }),
  );
  return calls;
}

const row = (name: string) => screen.getByTestId(`template-${name}-pt_BR`);

describe("TemplatesDialog", () => {
  it("shows every template's status and quality, and a sync refreshes them", async () => {
    const calls = stubApi(
      { synced_at: "2026-03-02T12:00:00Z", items: [tpl("boas_vindas", "APPROVED", "YELLOW", "image"), tpl("promo_pausada", "PAUSED", "RED"), tpl("velho", "SOMETHING_NEW", "")] },
      { synced_at: "2026-03-02T13:00:00Z", items: [tpl("boas_vindas", "APPROVED", "GREEN"), tpl("promo_pausada", "REJECTED", "UNKNOWN")] },
    );
    renderWithApp(<TemplatesDialog connection={conn} canSync onClose={() => {}} />);
    await waitFor(() => expect(row("boas_vindas")).toBeTruthy());
    expect(within(row("boas_vindas")).getByTestId("template-status").textContent).toBe("Aprovado");
    expect(within(row("boas_vindas")).getByTestId("template-quality").textContent).toBe("Média");
    expect(row("boas_vindas").textContent).toContain("imagem no cabeçalho");
    expect(within(row("promo_pausada")).getByTestId("template-status").textContent).toBe("Pausado");
    expect(within(row("promo_pausada")).getByTestId("template-quality").textContent).toBe("Baixa");
    expect(within(row("velho")).getByTestId("template-status").textContent).toBe("SOMETHING_NEW"); // shown as Meta sent it
    expect(within(row("velho")).getByTestId("template-quality").textContent).toBe("Sem avaliação");

    fireEvent.click(screen.getByRole("button", { name: "Sincronizar" }));
    await waitFor(() => expect(within(row("promo_pausada")).getByTestId("template-status").textContent).toBe("Rejeitado"));
    expect(within(row("boas_vindas")).getByTestId("template-quality").textContent).toBe("Alta");
    expect(screen.queryByTestId("template-velho-pt_BR")).toBeNull();
    expect(await screen.findByText("2 modelos sincronizados")).toBeTruthy();
    expect(calls).toEqual(["GET /api/v1/connections/con_wa/templates", "POST /api/v1/connections/con_wa/templates/sync"]);
  });

  it("shows a template's text, its buttons and why Meta rejected it", async () => {
    stubApi(
      {
        synced_at: "2026-03-02T12:00:00Z",
        items: [
          { ...tpl("pedido_enviado", "APPROVED", "GREEN"), body: "Olá {{1}}, seu pedido saiu.", buttons: [{ type: "URL", text: "Rastrear pedido", url: "https://x/{{1}}" }, { type: "QUICK_REPLY", text: "Falar com atendente" }] },
          { ...tpl("promo", "REJECTED", "UNKNOWN"), reason: "INCORRECT_CATEGORY" },
          { ...tpl("outra", "PAUSED", "RED"), reason: "Qualidade baixa" },
          { ...tpl("ok", "APPROVED", "GREEN"), reason: "NONE" },
        ],
      },
      { items: [] },
    );
    renderWithApp(<TemplatesDialog connection={conn} canSync onClose={() => {}} />);
    await waitFor(() => expect(row("pedido_enviado")).toBeTruthy());
    expect(within(row("pedido_enviado")).getByTestId("template-body").textContent).toBe("Olá {{1}}, seu pedido saiu.");
    expect(within(row("pedido_enviado")).getByTestId("template-buttons").textContent).toBe("Botões: Rastrear pedido (link) · Falar com atendente (resposta rápida)");
    expect(within(row("promo")).getByTestId("template-reason").textContent).toBe("Categoria incorreta");
    expect(within(row("outra")).getByTestId("template-reason").textContent).toBe("Qualidade baixa"); // as Meta said it
    expect(within(row("ok")).queryByTestId("template-reason")).toBeNull();
  });

  it("offers no sync to a viewer, and says when the account has no templates", async () => {
    stubApi({ synced_at: "2026-03-02T12:00:00Z", items: [] }, { items: [] });
    renderWithApp(<TemplatesDialog connection={conn} canSync={false} onClose={() => {}} />);
    expect(await screen.findByText("Nenhum modelo nesta conta")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Sincronizar" })).toBeNull();
  });

  it("is offered for plugins that sync templates only", () => {
    const plugin = (actions: string[]) => ({ manifest: { id: "p", actions: actions.map((id) => ({ id, title: id })) } }) as unknown as PluginView;
    expect(hasTemplates(plugin(["whatsapp.send", "whatsapp.templates.sync"]))).toBe(true);
    expect(hasTemplates(plugin(["sms.send"]))).toBe(false);
    expect(hasTemplates(undefined)).toBe(false);
  });
});
