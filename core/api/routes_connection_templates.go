package api

import (
	"cmp"
	"slices"
	"time"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// The plugin actions behind a connection's template catalog. A connection
// has templates when its plugin provides them (WhatsApp Cloud does).
const (
	actionTemplatesList    = "whatsapp.templates.list"
	actionTemplatesSync    = "whatsapp.templates.sync"
	actionTemplatesPreview = "whatsapp.templates.preview"
)

// connectionTemplates is a WhatsApp connection's template catalog: every
// template with its review status and quality, as of the last sync (status
// and quality webhooks keep it current between syncs).
type connectionTemplates struct {
	SyncedAt *time.Time     `json:"synced_at,omitempty"`
	Items    []templateView `json:"items"`
}

// connectionTemplateRoutes list and sync a connection's message templates.
func (a *API) connectionTemplateRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/connections/:id/templates", Role: anyRole, Tag: "plugins",
			Summary: "Every message template of a WhatsApp connection (any status) with its category, status, quality, header media, texts (header, body, footer) and the parameters a send gives, and when the catalog was synced; 409 for a connection without templates",
			Reply:   connectionTemplates{}, Handle: a.connectionTemplates(actionTemplatesList)},
		{Method: "POST", Path: "/api/v1/connections/:id/templates/sync", Role: auth.RoleAgent, Tag: "plugins",
			Summary: "Fetch the WhatsApp connection's templates from the provider again (whatsapp.templates.sync) and return the fresh catalog",
			Reply:   connectionTemplates{}, Handle: a.connectionTemplates(actionTemplatesSync)},
	}
}

// connectionTemplates runs action (list or sync) on the connection and
// renders its catalog.
func (a *API) connectionTemplates(action string) func(fiber.Ctx, tenancy.Principal) error {
	return func(c fiber.Ctx, p tenancy.Principal) error {
		return managerCall(a, c, 200, func(m *plugin.Manager) (any, error) {
			res, err := a.runConnectionAction(c.Context(), m, p, c.Params("id"), connectionActionCall{action: action,
				unsupported: templatesUnsupported, failure: templatesFailure})
			if err != nil {
				return nil, err
			}
			return catalogView(res), nil
		})
	}
}

// templatesUnsupported is the 409 for a connection without templates.
func templatesUnsupported(conn store.Connection, title string) error {
	return apperr.New(apperr.Conflict, "%s is a %s connection: only WhatsApp Cloud connections have message templates",
		conn.Name, title).Because(apperr.TemplatesUnsupported, apperr.P{"connection": conn.Name, "plugin": title})
}

// templatesFailure says why the provider gave no templates, by the
// error's class; the provider's own text stays in the log.
func templatesFailure(err error) error {
	switch class, after, _ := sdk.ClassOf(err); class {
	case sdk.ClassRateLimited:
		return apperr.New(apperr.RateLimited, "WhatsApp is throttling this account's template requests: try again later").
			Because(apperr.ProviderThrottled, apperr.P{"provider": "WhatsApp"}).Retry(after)
	case sdk.ClassAuth:
		return apperr.New(apperr.Unavailable, "WhatsApp refused this connection's credentials: check its access token").
			Because(apperr.CredentialsRefused, nil)
	default:
		return apperr.New(apperr.Unavailable, "the WhatsApp connection could not get its templates: check the connection and try again").
			Because(apperr.TemplatesUnavailable, nil)
	}
}

// catalogView renders a list or sync action's output, by name then language.
func catalogView(res map[string]any) connectionTemplates {
	out := connectionTemplates{Items: templateViews(res)}
	if s, _ := res["synced_at"].(string); s != "" {
		if at, err := time.Parse(time.RFC3339, s); err == nil {
			out.SyncedAt = &at
		}
	}
	slices.SortStableFunc(out.Items, func(x, y templateView) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.Language, y.Language))
	})
	return out
}
