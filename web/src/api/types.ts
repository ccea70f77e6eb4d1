// Names for the generated schema types the pages use.
import type { Schemas } from "./client";

export type User = Schemas["User"];
export type Tenant = Schemas["Tenant"];
export type Member = Schemas["Member"];
export type NewMember = Schemas["NewMember"];
export type Principal = Schemas["Principal"];
export type APIKey = Schemas["APIKey"];
export type CreatedAPIKey = Schemas["CreatedAPIKey"];
export type Secret = Schemas["Secret"];
export type Workspace = Schemas["Workspace"];
export type WebhookEndpoint = Schemas["Endpoint"];
export type WebhookEndpointWithSecret = Schemas["EndpointWithSecret"];
export type WebhookDelivery = Schemas["Delivery"];
export type WebhookEventType = Schemas["EventType"];

/**
 * Me is GET /api/v1/me. The OpenAPI document types it as a free-form object
 * today, so its shape is spelled here from the named schemas it is built of.
 * The user is absent when the caller is an API key.
 */
export type Me = {
  principal: Principal;
  tenant: Tenant;
  user?: User;
  tenants?: Member[];
};

export const ROLES = ["owner", "admin", "agent", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const rank: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

/** can reports whether a role reaches the minimum role. */
export function can(role: string | undefined, min: Role): boolean {
  if (!role || !(role in rank)) return false;
  return rank[role as Role] >= rank[min];
}
