import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hasWhatsAppNumber, type WhatsAppNumber } from "@/features/connections";
import type { PluginView } from "@/features/plugins";
import { renderWithApp } from "@/test/render";
import { WhatsAppNumberHealth } from "./WhatsAppNumberHealth";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const facts = (over: Partial<WhatsAppNumber> = {}): WhatsAppNumber => ({
  phone_number_id: "106540352242922",
  display_phone_number: "15550783881",
  verified_name: "Loja Centro",
  quality_rating: "GREEN",
  messaging_limit: "TIER_2K",
  throughput: "STANDARD",
  ...over,
});

/** stubApi answers each read of the number with the next reply (status and body), recording the calls. */
function stubApi(...replies: { status: number; body: unknown }[]) {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      calls.push(`${init?.method ?? "GET"} ${new URL(url, "http://x").pathname}`);
      const r = replies[Math.min(calls.length, replies.length) - 1] ?? { status: 500, body: {} };
      return new Response(JSON.stringify(r.body), { status: r.status, headers: { "Content-Type": "application/json" } });
    }),
  );
  return calls;
}

const refusal = (status: number, code: string, reason: string, params?: Record<string, unknown>) => ({
  status,
  body: { error: { code, reason, params, message: "English text from the server" } },
});

const text = (id: string) => screen.getByTestId(id).textContent;

describe("WhatsAppNumberHealth", () => {
  it("shows the number, its verified name, quality and messaging limit with what the limit counts", async () => {
    const calls = stubApi({ status: 200, body: facts() });
    renderWithApp(<WhatsAppNumberHealth id="con_wa" />);
    await waitFor(() => expect(screen.getByTestId("whatsapp-number-display")).toBeTruthy());
    expect(text("whatsapp-number-display")).toBe("+15550783881");
    expect(text("whatsapp-number-name")).toBe("Loja Centro");
    expect(text("whatsapp-number-quality")).toBe("Alta");
    expect(screen.getByTestId("whatsapp-number-quality").className).toContain("emerald");
    expect(text("whatsapp-number-limit")).toBe("2.000 clientes novos por 24 h");
    expect(text("whatsapp-number")).toContain("fora de uma janela de conversa em 24 h corridas");
    expect(text("whatsapp-number")).toContain("compartilhado por todos os seus números");
    expect(calls).toEqual(["GET /api/v1/connections/con_wa/whatsapp-number"]);
  });

  it.each([
    ["YELLOW", "TIER_250", "Média", "amber", "250 clientes novos por 24 h"],
    ["RED", "TIER_100K", "Baixa", "red", "100.000 clientes novos por 24 h"],
    ["UNKNOWN", "TIER_UNLIMITED", "Sem avaliação", "border-border", "Sem limite"],
    ["", "TIER_5M", "Sem avaliação", "border-border", "TIER_5M"], // a tier Meta adds later shows as Meta sent it
    ["GREEN", undefined, "Alta", "emerald", "Não informado pelo WhatsApp"],
  ])("words quality %s and limit %s", async (quality, limit, qualityText, colour, limitText) => {
    stubApi({ status: 200, body: facts({ quality_rating: quality, messaging_limit: limit, display_phone_number: "+55 11 98765-4321" }) });
    renderWithApp(<WhatsAppNumberHealth id="con_wa" />);
    await waitFor(() => expect(screen.getByTestId("whatsapp-number-quality")).toBeTruthy());
    expect(text("whatsapp-number-quality")).toBe(qualityText);
    expect(screen.getByTestId("whatsapp-number-quality").className).toContain(colour);
    expect(text("whatsapp-number-limit")).toBe(limitText);
    expect(text("whatsapp-number-display")).toBe("+55 11 98765-4321");
  });

  it.each([
    ["a refused token", refusal(503, "unavailable", "credentials_refused"), "O WhatsApp recusou as credenciais desta conexão"],
    ["throttling", refusal(429, "rate_limited", "provider_throttled", { provider: "WhatsApp", retry_after: 60 }), "O WhatsApp está limitando as requisições"],
    ["no answer", refusal(503, "unavailable", "number_unavailable"), "Não foi possível consultar o número no WhatsApp agora"],
  ])("says why in place of the facts after %s, and tries again on request", async (_name, reply, why) => {
    const calls = stubApi(reply, { status: 200, body: facts() });
    renderWithApp(<WhatsAppNumberHealth id="con_wa" />);
    await waitFor(() => expect(screen.getByTestId("whatsapp-number-error")).toBeTruthy());
    expect(text("whatsapp-number-error")).toContain("Não foi possível ver a saúde do número.");
    expect(text("whatsapp-number-error")).toContain(why);
    expect(text("whatsapp-number-error")).not.toContain("English text");
    expect(screen.queryByTestId("whatsapp-number-display")).toBeNull();
    expect(calls).toHaveLength(1); // not retried behind the user's back

    fireEvent.click(screen.getByRole("button", { name: "Tentar de novo" }));
    await waitFor(() => expect(screen.getByTestId("whatsapp-number-display")).toBeTruthy());
    expect(text("whatsapp-number-quality")).toBe("Alta");
  });

  it("is shown for plugins that read their WhatsApp number only", () => {
    const plugin = (actions: string[]) => ({ manifest: { id: "p", actions: actions.map((id) => ({ id, title: id })) } }) as unknown as PluginView;
    expect(hasWhatsAppNumber(plugin(["whatsapp.send", "whatsapp.number"]))).toBe(true);
    expect(hasWhatsAppNumber(plugin(["sms.send", "whatsapp.templates.sync"]))).toBe(false);
    expect(hasWhatsAppNumber(undefined)).toBe(false);
  });
});
