// The installed plugins: manifests with their connection config as JSON Schema.
import { useQuery } from "@tanstack/react-query";
import { request, type Schemas } from "@/api/client";

export type PluginView = Schemas["pluginView"];

export function usePlugins() {
  return useQuery({
    queryKey: ["plugins"],
    queryFn: ({ signal }) => request("get", "/api/v1/plugins", { signal }),
    select: (r) => r.items,
    staleTime: 5 * 60_000,
  });
}

/** channelOf is the messaging channel a plugin provides ("whatsapp", "sms"), if any. */
export function channelOf(p: PluginView | undefined): string | undefined {
  return p?.manifest.channel?.name;
}
