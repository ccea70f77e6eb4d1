import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithApp } from "@/test/render";
import { WebhookDeliveries } from "./WebhookDeliveries";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const at = "2026-01-01T00:00:00Z";
const delivery = (id: string, state: string, extra: object = {}) => ({
  id, event_id: `msg_${id}`, event_type: "contact.created", state, attempts: 1, last_status: state === "failed" ? 500 : 200,
  test: false, created_at: at, updated_at: at, ...extra,
});

/** api answers the deliveries list and records the redeliveries asked for. */
function api(items: unknown[], redeliver: (url: string) => Response) {
  const posts: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      if ((init?.method ?? "GET") === "POST") {
        posts.push(url);
        return redeliver(url);
      }
      return json(200, { items });
    }),
  );
  return posts;
}

describe("WebhookDeliveries", () => {
  it("resends a failed delivery and says what the destination answered", async () => {
    const posts = api([delivery("whd_1", "failed"), delivery("whd_2", "pending", { next_attempt_at: at })], () =>
      json(200, delivery("whd_1", "delivered", { attempts: 2, last_status: 204 })),
    );
    renderWithApp(<WebhookDeliveries id="whe_1" enabled />);
    const rows = await screen.findAllByTestId("webhook-delivery");
    const pending = within(rows[1]!).getByRole("button", { name: "Reenviar" }) as HTMLButtonElement;
    expect(pending.disabled).toBe(true);
    fireEvent.click(within(rows[0]!).getByRole("button", { name: "Reenviar" }));
    expect(await screen.findByText("Reenviado: o destino respondeu 204.")).toBeTruthy();
    expect(posts).toEqual(["/api/v1/webhook-endpoints/whe_1/deliveries/whd_1/redeliver"]);
  });

  it("offers no resend while the endpoint is off, and shows the server's refusal", async () => {
    const posts = api([delivery("whd_1", "delivered")], () =>
      json(409, { error: { code: "conflict", reason: "webhook_endpoint_off", message: "off", params: { state: "gone" } } }),
    );
    const { unmount } = renderWithApp(<WebhookDeliveries id="whe_1" enabled={false} />);
    const off = (await screen.findByRole("button", { name: "Reenviar" })) as HTMLButtonElement;
    expect(off.disabled).toBe(true);
    unmount();

    renderWithApp(<WebhookDeliveries id="whe_1" enabled />); // the endpoint was turned off meanwhile
    fireEvent.click(await screen.findByRole("button", { name: "Reenviar" }));
    expect(await screen.findByText("O webhook está desativado: ative-o antes de reenviar.")).toBeTruthy();
    await waitFor(() => expect(posts).toHaveLength(1));
  });
});
