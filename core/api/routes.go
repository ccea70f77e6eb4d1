package api

import (
	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// Route is one endpoint of /api/v1 with everything said about it in one
// place: permission, docs, request and reply types (for OpenAPI), handler.
type Route struct {
	Method  string
	Path    string
	Role    auth.Role // minimum role; "" is public
	Tag     string
	Summary string
	Body    any      // request body type, nil for none
	Reply   any      // success body type
	Status  int      // success status, default 200
	Query   []string // query parameters the handler reads
	Handle  func(c fiber.Ctx, p tenancy.Principal) error
}

// Routes is the route table: every group's routes, in one list. Each
// domain adds its group in its own routes_<domain>.go file.
func (a *API) Routes() []Route {
	var all []Route
	for _, group := range [][]Route{
		a.tenancyRoutes(),
		a.crmRoutes(),
		a.flowRoutes(),
		a.pluginRoutes(),
		a.campaignRoutes(),
		a.analyticsRoutes(),
		a.inboxTemplateRoutes(),
		a.connectionTemplateRoutes(),
		a.connectionNumberRoutes(),
		a.mediaRoutes(),
		a.webhookRoutes(),
	} {
		all = append(all, group...)
	}
	return all
}

// tenancyRoutes are login, workspaces, members, API keys and secrets.
func (a *API) tenancyRoutes() []Route {
	return []Route{
		{Method: "POST", Path: "/api/v1/auth/login", Tag: "auth", Summary: "Log in with email and password; sets the session cookie",
			Body: loginBody{}, Reply: tenancy.Login{}, Handle: a.login},
		{Method: "POST", Path: "/api/v1/auth/logout", Role: anyRole, Tag: "auth", Summary: "End the session", Status: 204, Handle: a.logout},
		{Method: "GET", Path: "/api/v1/me", Role: anyRole, Tag: "auth", Summary: "The caller, their tenant and tenants", Reply: tenancy.Me{}, Handle: a.me},
		{Method: "POST", Path: "/api/v1/session/tenant", Role: anyRole, Tag: "auth", Summary: "Switch the session to another of the user's tenants",
			Body: switchBody{}, Reply: tenancy.Principal{}, Handle: a.switchTenant},

		{Method: "GET", Path: "/api/v1/tenant", Role: anyRole, Tag: "tenancy", Summary: "The current tenant", Reply: store.Tenant{}, Handle: a.tenant},
		{Method: "POST", Path: "/api/v1/tenants", Role: anyRole, Tag: "tenancy", Summary: "Create another workspace owned by the caller",
			Body: newTenantBody{}, Reply: tenancy.Workspace{}, Status: 201, Handle: a.createTenant},

		{Method: "GET", Path: "/api/v1/members", Role: anyRole, Tag: "tenancy", Summary: "People in the tenant", Reply: list[store.Member]{}, Handle: a.listMembers},
		{Method: "POST", Path: "/api/v1/members", Role: auth.RoleAdmin, Tag: "tenancy", Summary: "Add a person with a role",
			Body: tenancy.NewMember{}, Reply: store.Member{}, Status: 201, Handle: a.addMember},
		{Method: "PATCH", Path: "/api/v1/members/:id", Role: auth.RoleAdmin, Tag: "tenancy", Summary: "Change a member's role",
			Body: roleBody{}, Reply: store.Member{}, Handle: a.setMemberRole},
		{Method: "DELETE", Path: "/api/v1/members/:id", Role: auth.RoleAdmin, Tag: "tenancy", Summary: "Remove a member", Status: 204, Handle: a.removeMember},

		{Method: "GET", Path: "/api/v1/api-keys", Role: auth.RoleAdmin, Tag: "tenancy", Summary: "API keys (never their secret)", Reply: list[store.APIKey]{}, Handle: a.listAPIKeys},
		{Method: "POST", Path: "/api/v1/api-keys", Role: auth.RoleAdmin, Tag: "tenancy", Summary: "Create an API key; the key is shown once",
			Body: apiKeyBody{}, Reply: tenancy.CreatedAPIKey{}, Status: 201, Handle: a.createAPIKey},
		{Method: "DELETE", Path: "/api/v1/api-keys/:id", Role: auth.RoleAdmin, Tag: "tenancy", Summary: "Revoke an API key", Status: 204, Handle: a.deleteAPIKey},

		{Method: "GET", Path: "/api/v1/secrets", Role: auth.RoleAdmin, Tag: "secrets", Summary: "Secret names and metadata (never values)", Reply: list[store.Secret]{}, Handle: a.listSecrets},
		{Method: "PUT", Path: "/api/v1/secrets", Role: auth.RoleAdmin, Tag: "secrets", Summary: "Store or replace a secret by name, sealed at rest",
			Body: secretBody{}, Reply: store.Secret{}, Handle: a.putSecret},
		{Method: "DELETE", Path: "/api/v1/secrets/:id", Role: auth.RoleAdmin, Tag: "secrets", Summary: "Delete a secret", Status: 204, Handle: a.deleteSecret},
	}
}

// list is the envelope of every collection response.
type list[T any] struct {
	Items []T `json:"items"`
}

func ok(c fiber.Ctx, status int, v any) error {
	if status == fiber.StatusNoContent {
		return c.SendStatus(status)
	}
	return c.Status(status).JSON(v)
}
