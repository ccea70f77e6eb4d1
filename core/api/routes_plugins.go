package api

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// pluginRoutes are the installed plugins and the tenant's connections.
func (a *API) pluginRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/plugins", Role: anyRole, Tag: "plugins", Summary: "Installed plugins with their manifests",
			Reply: list[pluginView]{}, Handle: a.listPlugins},
		{Method: "GET", Path: "/api/v1/connections", Role: anyRole, Tag: "plugins", Summary: "The tenant's connections (secrets never shown)",
			Reply: list[plugin.ConnectionView]{}, Handle: a.listConnections},
		{Method: "POST", Path: "/api/v1/connections", Role: auth.RoleAdmin, Tag: "plugins", Summary: "Connect a plugin: config checked against its schema and the plugin's own rules (400 naming each bad field), secrets sealed",
			Body: plugin.ConnectionInput{}, Reply: plugin.ConnectionView{}, Status: 201, Handle: a.createConnection},
		{Method: "GET", Path: "/api/v1/connections/:id", Role: anyRole, Tag: "plugins", Summary: "One connection", Reply: plugin.ConnectionView{}, Handle: a.getConnection},
		{Method: "PATCH", Path: "/api/v1/connections/:id", Role: auth.RoleAdmin, Tag: "plugins", Summary: "Change a connection (absent secrets keep their value)",
			Body: plugin.ConnectionInput{}, Reply: plugin.ConnectionView{}, Handle: a.updateConnection},
		{Method: "DELETE", Path: "/api/v1/connections/:id", Role: auth.RoleAdmin, Tag: "plugins", Summary: "Remove a connection", Status: 204, Handle: a.deleteConnection},
		{Method: "POST", Path: "/api/v1/connections/:id/check", Role: auth.RoleAdmin, Tag: "plugins",
			Summary: "Check a connection: open it afresh with its stored config (the plugin's provision, validate and start), have the plugin test it against its provider (credentials, number or account), and record the result as its status",
			Reply:   plugin.ConnectionView{}, Handle: a.checkConnection},
		{Method: "POST", Path: "/api/v1/connections/:id/webhooks/connect", Role: auth.RoleAdmin, Tag: "plugins",
			Summary: "Point the provider's webhooks at this server: the plugin sets the connection's public URL (public_url + /hooks/{id}) at its provider (WhatsApp Cloud: the business account's callback override, verified by Meta; Twilio: the sender number's SMS URL); 409 when the server has no public_url or the plugin cannot, 422 provider_refused or 502 provider_unavailable with the provider's reason",
			Reply:   plugin.WebhooksConnected{}, Handle: a.connectWebhooks},
	}
}

// pluginView is a manifest with its config form as JSON Schema.
type pluginView struct {
	Manifest     sdk.Manifest   `json:"manifest"`
	ConfigSchema map[string]any `json:"config_schema"`
}

func (a *API) manager() (*plugin.Manager, error) {
	if a.Plugins == nil {
		return nil, apperr.NotRunningf("plugin_host", "no plugin host runs in this server")
	}
	return a.Plugins, nil
}

func (a *API) listPlugins(c fiber.Ctx, _ tenancy.Principal) error {
	m, err := a.manager()
	if err != nil {
		return err
	}
	out := list[pluginView]{Items: []pluginView{}}
	for _, man := range m.Manifests() {
		out.Items = append(out.Items, pluginView{Manifest: man, ConfigSchema: man.Config.JSONSchema()})
	}
	return ok(c, 200, out)
}

func (a *API) listConnections(c fiber.Ctx, p tenancy.Principal) error {
	return managerCall(a, c, 200, func(m *plugin.Manager) (any, error) {
		cs, err := m.ListConnections(c.Context(), p)
		return list[plugin.ConnectionView]{cs}, err
	})
}

func (a *API) createConnection(c fiber.Ctx, p tenancy.Principal) error {
	var in plugin.ConnectionInput
	if err := bind(c, &in); err != nil {
		return err
	}
	return managerCall(a, c, 201, func(m *plugin.Manager) (any, error) { return m.CreateConnection(c.Context(), p, in) })
}

func (a *API) getConnection(c fiber.Ctx, p tenancy.Principal) error {
	return managerCall(a, c, 200, func(m *plugin.Manager) (any, error) { return m.GetConnection(c.Context(), p, c.Params("id")) })
}

func (a *API) updateConnection(c fiber.Ctx, p tenancy.Principal) error {
	var in plugin.ConnectionInput
	if err := bind(c, &in); err != nil {
		return err
	}
	return managerCall(a, c, 200, func(m *plugin.Manager) (any, error) { return m.UpdateConnection(c.Context(), p, c.Params("id"), in) })
}

func (a *API) deleteConnection(c fiber.Ctx, p tenancy.Principal) error {
	return managerCall(a, c, 204, func(m *plugin.Manager) (any, error) { return nil, m.DeleteConnection(c.Context(), p, c.Params("id")) })
}

func (a *API) checkConnection(c fiber.Ctx, p tenancy.Principal) error {
	return managerCall(a, c, 200, func(m *plugin.Manager) (any, error) { return m.CheckConnection(c.Context(), p, c.Params("id")) })
}

func (a *API) connectWebhooks(c fiber.Ctx, p tenancy.Principal) error {
	return managerCall(a, c, 200, func(m *plugin.Manager) (any, error) { return m.ConnectWebhooks(c.Context(), p, c.Params("id")) })
}

func managerCall(a *API, c fiber.Ctx, status int, fn func(m *plugin.Manager) (any, error)) error {
	m, err := a.manager()
	if err != nil {
		return err
	}
	v, err := fn(m)
	if err != nil {
		return err
	}
	return ok(c, status, v)
}

// hook hands /hooks/{connection_id}/… to the connection's plugin with the
// raw request, and answers with the plugin's response.
func (a *API) hook(c fiber.Ctx) error {
	m, err := a.manager()
	if err != nil {
		return err
	}
	res, err := m.Webhook(c.Context(), c.Params("connection"), hookRequest(c))
	if err != nil {
		return err
	}
	if res.StatusCode() >= 400 && len(res.Body) == 0 {
		// A plugin that refused without saying why: the refusal still
		// comes in the platform's error format.
		refused := sdk.WebhookRefused(res.StatusCode(), "the connection's plugin refused this webhook ("+http.StatusText(res.StatusCode())+")")
		res.Body = refused.Body
		if res.Header == nil {
			res.Header = http.Header{}
		}
		res.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range res.Header {
		for _, v := range vs {
			c.Response().Header.Add(k, v)
		}
	}
	return c.Status(res.StatusCode()).Send(res.Body)
}

// hookRequest copies the provider's request for the plugin.
func hookRequest(c fiber.Ctx) sdk.WebhookRequest {
	path := "/" + strings.TrimPrefix(c.Params("*"), "/")
	rawQuery := string(c.Request().URI().QueryString())
	query, _ := url.ParseQuery(rawQuery)
	req := sdk.WebhookRequest{Method: c.Method(), Path: path, Query: query, RawQuery: rawQuery,
		URL: publicURL(c, rawQuery), Header: map[string][]string{}, Body: append([]byte(nil), c.Body()...)}
	for k, v := range c.Request().Header.All() {
		req.Header.Add(string(k), string(v))
	}
	return req
}

// publicURL is the URL the caller asked for: the scheme and host as the
// server sees them (X-Forwarded-Proto and X-Forwarded-Host count only from
// a trusted proxy, which fiber checks), the path as received and the raw
// query.
func publicURL(c fiber.Ctx, rawQuery string) string {
	u := c.Scheme() + "://" + c.Host() + string(c.Request().URI().PathOriginal())
	if rawQuery != "" {
		u += "?" + rawQuery
	}
	return u
}
