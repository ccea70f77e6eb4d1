import { cleanup, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Campaign, Progress } from "@/features/campaigns";
import i18n from "@/i18n";
import { renderWithApp } from "@/test/render";
import { CampaignDetail } from "./CampaignDetail";

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await i18n.changeLanguage("pt-BR");
});

const at = "2026-03-02T12:00:00.000Z";
const campaign = (extra: Partial<Campaign>): Campaign =>
  ({ id: "cmp_1", name: "Promo", kind: "message", channel: "whatsapp", status: "paused", round: 1, audience: 15, excluded: {},
    enqueued: true, rev: 3, spec: {}, created_at: at, updated_at: at, ...extra }) as Campaign;
const progress = (extra: Partial<Progress>): Progress =>
  ({ campaign_id: "cmp_1", status: "paused", round: 1, audience: 15, excluded: {}, enrolled: 0, queued: 5, sent: 0, delivered: 0, read: 0,
    replied: 0, failed: 10, suppressed: 0, cancelled: 0, opted_out: 0, ambiguous: 0, reasons: {}, at: "2026-03-02T11:59:00.000Z", ...extra }) as Progress;

/** stubApi answers the campaign page's reads; the stream's socket stays closed. */
function stubApi(c: Campaign, p: Progress) {
  vi.stubGlobal("WebSocket", class { close() {} });
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL) => {
      const path = new URL(String(input), "http://x").pathname;
      const body = path.endsWith("/progress") ? p : path.endsWith("/funnel") ? { campaign_id: c.id, steps: [] } : path.endsWith("/sends") ? { items: [] } : c;
      return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
    }),
  );
}

const english = 'the first 10 sends all failed, none went out: 132001 ×10: "Template name does not exist in the translation". Fix what the provider says';
const firstSends = {
  reason: english,
  reason_code: "first_sends_failed" as const,
  reason_params: { count: 10, codes: [{ code: "132001", count: 10, message: "Template name does not exist in the translation" }] },
};

describe("CampaignDetail's reason", () => {
  it("is worded in pt-BR from its code and params", async () => {
    stubApi(campaign(firstSends), progress({}));
    renderWithApp(<CampaignDetail id="cmp_1" />);
    await waitFor(() =>
      expect(screen.getByTestId("campaign-reason").textContent).toBe(
        "Motivo: Os primeiros 10 envios falharam e nenhum saiu: 132001 ×10: o modelo não existe neste idioma ou ainda não foi aprovado. Corrija o que o provedor indica (o modelo, a conexão ou a lista) e retome a campanha.",
      ),
    );
  });

  it("is worded in English when the UI is", async () => {
    await i18n.changeLanguage("en");
    stubApi(campaign({ reason: "paused by Ana (ana@loja.com)", reason_code: "paused_by_user", reason_params: { name: "Ana (ana@loja.com)" } }), progress({}));
    renderWithApp(<CampaignDetail id="cmp_1" />);
    await waitFor(() => expect(screen.getByTestId("campaign-reason").textContent).toBe("Reason: Paused by Ana (ana@loja.com)."));
  });

  it("shows the English text of a campaign from before codes", async () => {
    stubApi(campaign({ reason: "paused by Ana (ana@loja.com)" }), progress({}));
    renderWithApp(<CampaignDetail id="cmp_1" />);
    await waitFor(() => expect(screen.getByTestId("campaign-reason").textContent).toBe("Motivo: paused by Ana (ana@loja.com)"));
  });

  it("comes from the live progress when it is newer than the campaign", async () => {
    stubApi(campaign({ status: "running" }), progress({ ...firstSends, at: "2026-03-02T12:00:05.000Z" }));
    renderWithApp(<CampaignDetail id="cmp_1" />);
    await waitFor(() => expect(screen.getByTestId("campaign-reason").textContent).toMatch(/^Motivo: Os primeiros 10 envios falharam/));
  });
});

describe("CampaignDetail's status", () => {
  it("keeps a completed campaign completed when a progress frame still says running", async () => {
    stubApi(campaign({ status: "completed" }), progress({ status: "running", queued: 0, failed: 0, sent: 15 }));
    renderWithApp(<CampaignDetail id="cmp_1" />);
    await waitFor(() => expect(screen.getByTestId("campaign-status").textContent).toBe("Concluída"));
    expect(screen.getByTestId("campaign-percent").textContent).toBe("100%");
  });
});

describe("CampaignDetail's counts", () => {
  it("count reads on WhatsApp, and show no read step on SMS (it has no read receipts)", async () => {
    stubApi(campaign({ status: "completed" }), progress({ status: "completed", queued: 0, failed: 0, sent: 15, read: 4 }));
    renderWithApp(<CampaignDetail id="cmp_1" />);
    await waitFor(() => expect(screen.getByTestId("count-read").textContent).toBe("Lidas4"));
    cleanup();

    stubApi(campaign({ status: "completed", channel: "sms" }), progress({ status: "completed", queued: 0, failed: 0, sent: 15, delivered: 12 }));
    renderWithApp(<CampaignDetail id="cmp_1" />);
    await waitFor(() => expect(screen.getByTestId("count-delivered").textContent).toBe("Entregues12"));
    expect(screen.queryByTestId("count-read")).toBeNull();
  });
});
