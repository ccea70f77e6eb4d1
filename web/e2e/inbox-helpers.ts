// The demo's WhatsApp simulator, as the product exposes it: the demo
// connection's graph_base_url (GET /api/v1/connections).
import { expect, type Page } from "@playwright/test";

export async function whatsappSim(page: Page): Promise<string> {
  const res = await page.request.get("/api/v1/connections");
  expect(res.ok(), await res.text()).toBeTruthy();
  const { items } = (await res.json()) as { items: { plugin_id: string; config: Record<string, unknown> }[] };
  const wa = items.find((c) => c.plugin_id === "whatsapp-cloud");
  const base = wa?.config.graph_base_url;
  expect(typeof base, "the demo WhatsApp connection names its simulator").toBe("string");
  return String(base).replace(/\/+$/, "");
}

/** customerWrites makes a simulated customer send a WhatsApp message to the demo number. */
export async function customerWrites(page: Page, sim: string, from: string, text: string, name?: string) {
  const res = await page.request.post(`${sim}/_sim/inbound`, { data: { from, text, ...(name ? { name } : {}) } });
  expect(res.ok(), await res.text()).toBeTruthy();
}

/** simOutbox is what the simulator received from the platform (messages sent to customers). */
export async function simOutbox(page: Page, sim: string): Promise<string> {
  const res = await page.request.get(`${sim}/_sim/messages`);
  expect(res.ok()).toBeTruthy();
  return res.text();
}

/** phone makes a fresh Brazilian mobile number, so tests sharing one server never meet. */
export function phone(): string {
  return `55119${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
}

/** twilioSim is the demo's Twilio simulator: the demo SMS connection's base_url. */
export async function twilioSim(page: Page): Promise<string> {
  const res = await page.request.get("/api/v1/connections");
  expect(res.ok(), await res.text()).toBeTruthy();
  const { items } = (await res.json()) as { items: { plugin_id: string; config: Record<string, unknown> }[] };
  const base = items.find((c) => c.plugin_id === "twilio-sms")?.config.base_url;
  expect(typeof base, "the demo SMS connection names its simulator").toBe("string");
  return String(base).replace(/\/+$/, "");
}
