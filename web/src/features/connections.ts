// Server state of the tenant's connections (a configured use of a plugin).
// Secret config fields are write-only: they go out in a create or update
// and never come back (the view lists which are set).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { request, type Body, type Schemas } from "@/api/client";
import { channelOf, usePlugins, type PluginView } from "./plugins";

export type Connection = Schemas["ConnectionView"];
export type ConnectionInput = Body<"/api/v1/connections", "post">;

export const connectionsKey = ["connections"] as const;

export function useConnections() {
  return useQuery({
    queryKey: connectionsKey,
    queryFn: ({ signal }) => request("get", "/api/v1/connections", { signal }),
    select: (r) => r.items,
  });
}

/** useChannelConnections lists the workspace's connections whose plugin serves the channel ("whatsapp", "sms"), in order. */
export function useChannelConnections(channel: string) {
  const connections = useConnections();
  const plugins = usePlugins();
  return (connections.data ?? []).filter((c) => channelOf(plugins.data?.find((p) => p.manifest.id === c.plugin_id)) === channel);
}

export function useCreateConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ConnectionInput) => request("post", "/api/v1/connections", { body }),
    gcTime: 0, // the variables hold secrets: keep them no longer than needed
    meta: { toastErrors: false }, // the form shows the fields
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionsKey }),
  });
}

export function useUpdateConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Body<"/api/v1/connections/{id}", "patch"> }) =>
      request("patch", "/api/v1/connections/{id}", { params: { id }, body }),
    gcTime: 0,
    meta: { toastErrors: false },
    // a new token or number changes what WhatsApp says about the number
    onSuccess: (_r, { id }) =>
      Promise.all([qc.invalidateQueries({ queryKey: connectionsKey }), qc.invalidateQueries({ queryKey: connectionNumberKey(id) })]),
  });
}

export function useDeleteConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("delete", "/api/v1/connections/{id}", { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionsKey }),
  });
}

/** useCheckConnection opens the connection afresh on the server and records its health. */
export function useCheckConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request("post", "/api/v1/connections/{id}/check", { params: { id } }),
    onSuccess: (_r, id) =>
      Promise.all([qc.invalidateQueries({ queryKey: connectionsKey }), qc.invalidateQueries({ queryKey: connectionNumberKey(id) })]),
  });
}

/** canConnectWebhooks reports whether the server can offer to point the provider's webhooks here:
 * the plugin takes webhooks (the server answers 409 when the plugin cannot set them itself). */
export function canConnectWebhooks(plugin: PluginView | undefined): boolean {
  return plugin?.manifest.webhooks === true;
}

/** useConnectWebhooks has the plugin point its provider's webhooks at the connection's public URL
 * (WhatsApp's callback override, a Twilio number's SMS URL). */
export function useConnectWebhooks() {
  return useMutation({
    mutationFn: (id: string) => request("post", "/api/v1/connections/{id}/webhooks/connect", { params: { id } }),
  });
}

// Message templates of a WhatsApp connection: every template with its review
// status and quality, as of the last sync (webhooks keep it current between syncs).
export type ConnectionTemplates = Schemas["connectionTemplates"];
export type MessageTemplate = Schemas["templateView"];

/** templatesSyncAction is the plugin action a connection with templates provides. */
export const templatesSyncAction = "whatsapp.templates.sync";

/** hasTemplates reports whether connections of this plugin have message templates. */
export function hasTemplates(plugin: PluginView | undefined): boolean {
  return plugin?.manifest.actions?.some((a) => a.id === templatesSyncAction) ?? false;
}

export const connectionTemplatesKey = (id: string) => ["connection-templates", id] as const;

export function useConnectionTemplates(id: string, enabled = true) {
  return useQuery({
    queryKey: connectionTemplatesKey(id),
    queryFn: ({ signal }) => request("get", "/api/v1/connections/{id}/templates", { params: { id }, signal }),
    enabled,
    staleTime: 0, // webhooks change it between syncs: opening the list reads it afresh
  });
}

/** useSyncTemplates fetches the connection's templates from the provider again. */
export function useSyncTemplates(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => request("post", "/api/v1/connections/{id}/templates/sync", { params: { id } }),
    onSuccess: (catalog) => {
      qc.setQueryData(connectionTemplatesKey(id), catalog);
      return qc.invalidateQueries({ queryKey: ["inbox", "templates"] }); // the composer's approved list
    },
  });
}

// The business number of a WhatsApp connection as Meta reports it now: display number,
// verified name, quality rating and the portfolio's messaging limit.
export type WhatsAppNumber = Schemas["whatsappNumber"];

/** numberAction is the plugin action that reads a connection's WhatsApp number. */
export const numberAction = "whatsapp.number";

/** hasWhatsAppNumber reports whether connections of this plugin can say how their WhatsApp number is doing. */
export function hasWhatsAppNumber(plugin: PluginView | undefined): boolean {
  return plugin?.manifest.actions?.some((a) => a.id === numberAction) ?? false;
}

export const connectionNumberKey = (id: string) => ["connection-number", id] as const;

/** useConnectionNumber asks WhatsApp for the connection's number; each read calls Meta, so it is kept a few minutes. */
export function useConnectionNumber(id: string, enabled = true) {
  return useQuery({
    queryKey: connectionNumberKey(id),
    queryFn: ({ signal }) => request("get", "/api/v1/connections/{id}/whatsapp-number", { params: { id }, signal }),
    enabled,
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
    retry: false, // the card says why at once and offers to try again
  });
}
