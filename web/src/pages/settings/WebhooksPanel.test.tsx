import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithApp } from "@/test/render";
import { WebhooksPanel } from "./WebhooksPanel";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const eventTypes = {
  items: [
    { type: "message.received", group: "messages" },
    { type: "message.status", group: "messages" },
    { type: "contact.created", group: "contacts" },
  ],
};

/** api answers the panel's requests; posts records what was created. */
function api(endpoints: unknown[], create: (body: unknown) => Response) {
  const posts: unknown[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? "GET";
      if (url.endsWith("/api/v1/webhook-event-types")) return json(200, eventTypes);
      if (url.endsWith("/api/v1/webhook-endpoints") && method === "GET") return json(200, { items: endpoints });
      if (url.endsWith("/api/v1/webhook-endpoints") && method === "POST") {
        const body = JSON.parse(String(init?.body));
        posts.push(body);
        return create(body);
      }
      return json(404, { error: { code: "not_found", message: "no" } });
    }),
  );
  return posts;
}

describe("WebhooksPanel", () => {
  it("shows each endpoint's state and why the sender turned it off", async () => {
    api(
      [
        { id: "whe_1", url: "https://erp.example.com/in", description: "ERP", event_types: ["*"], enabled: true, state: "enabled", created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" },
        { id: "whe_2", url: "https://old.example.com", description: "", event_types: ["message.received"], enabled: false, state: "gone", created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" },
      ],
      () => json(500, {}),
    );
    renderWithApp(<WebhooksPanel />);
    const gone = await screen.findByTestId("webhook-whe_2");
    expect(within(gone).getByTestId("webhook-state").textContent).toBe("Desativado (410)");
    expect(gone.textContent).toContain("respondeu 410 Gone");
    expect(within(gone).getByRole("button", { name: "Ativar" })).toBeTruthy();
    const on = screen.getByTestId("webhook-whe_1");
    expect(within(on).getByTestId("webhook-state").textContent).toBe("Ativo");
    expect(on.textContent).toContain("Todos os eventos");
  });

  it("creates an endpoint with the ticked events, shows field problems, then the secret once", async () => {
    let first = true;
    const posts = api([], (body) => {
      if (first) {
        first = false;
        return json(400, {
          error: { code: "invalid_input", reason: "webhook_endpoint_invalid", message: "the webhook endpoint cannot be saved",
            fields: { url: "must be https://" }, field_reasons: { url: { reason: "webhook_url" } } },
        });
      }
      return json(201, { ...(body as object), id: "whe_1", enabled: true, state: "enabled", secret: "whsec_c2VjcmV0", created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" });
    });
    renderWithApp(<WebhooksPanel />);
    fireEvent.click(await screen.findByRole("button", { name: "Novo webhook" }));
    fireEvent.change(screen.getByLabelText("URL de destino"), { target: { value: "http://erp.example.com" } });
    fireEvent.click(await screen.findByLabelText("Mensagens"));
    fireEvent.click(screen.getByRole("button", { name: "Criar" }));
    expect(await screen.findByText(/Use uma URL https:\/\/ completa/)).toBeTruthy();
    expect(posts[0]).toEqual({ url: "http://erp.example.com", description: "", event_types: ["message.received", "message.status"] });

    fireEvent.change(screen.getByLabelText("URL de destino"), { target: { value: "https://erp.example.com" } });
    fireEvent.click(screen.getByLabelText("Contatos"));
    fireEvent.click(screen.getByRole("button", { name: "Criar" }));
    await waitFor(() => expect(screen.getByTestId("webhook-secret").textContent).toBe("whsec_c2VjcmV0"));
    expect(posts[1]).toEqual({ url: "https://erp.example.com", description: "", event_types: ["*"] });
    expect(screen.getByText("Como verificar")).toBeTruthy();
  });
});
