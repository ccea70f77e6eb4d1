import { describe, expect, it } from "vitest";
import { canConnectWebhooks } from "./connections";
import type { PluginView } from "./plugins";

const plugin = (webhooks?: boolean) => ({ manifest: { id: "p", title: "P", webhooks } }) as unknown as PluginView;

describe("canConnectWebhooks", () => {
  it("offers to connect the webhooks of plugins that take webhooks only", () => {
    expect(canConnectWebhooks(plugin(true))).toBe(true);
    expect(canConnectWebhooks(plugin(false))).toBe(false);
    expect(canConnectWebhooks(plugin())).toBe(false);
    expect(canConnectWebhooks(undefined)).toBe(false);
  });
});
