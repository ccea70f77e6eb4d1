package api

import (
	"cmp"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/tenancy"
)

// templateView is a message template: one the composer can send, or one
// of a connection's catalog.
type templateView struct {
	ID       string `json:"id,omitempty"` // the provider's template ID
	Name     string `json:"name"`
	Language string `json:"language"`
	// Status is the provider's review status: APPROVED, PENDING,
	// REJECTED, PAUSED, DISABLED, PENDING_DELETION, …
	Status   string `json:"status"`
	Category string `json:"category,omitempty"`
	// Quality is the provider's quality rating: GREEN, YELLOW, RED or
	// UNKNOWN (not rated yet).
	Quality string `json:"quality"`
	// Header is the media the template's header takes (image, video,
	// document): the composer then asks for a file.
	Header string `json:"header,omitempty"`
}

// inboxTemplateRoutes serve the composer outside WhatsApp's 24-hour window.
func (a *API) inboxTemplateRoutes() []Route {
	h := &templatesAPI{API: a, inbox: inbox.New(a.Store)}
	return []Route{
		{Method: "GET", Path: "/api/v1/conversations/:id/templates", Role: anyRole, Tag: "inbox",
			Summary: "Approved message templates of the conversation's WhatsApp connection (q: part of the name); empty on other channels",
			Query:   []string{"q"}, Reply: list[templateView]{}, Handle: h.list},
	}
}

type templatesAPI struct {
	*API
	inbox *inbox.Service
}

func (h *templatesAPI) list(c fiber.Ctx, p tenancy.Principal) error {
	conv, err := h.inbox.Get(c.Context(), p, c.Params("id"))
	if err != nil {
		return err
	}
	out := list[templateView]{Items: []templateView{}}
	if conv.Channel != "whatsapp" {
		return ok(c, 200, out)
	}
	return managerCall(h.API, c, 200, func(m *plugin.Manager) (any, error) {
		input := map[string]any{"status": "APPROVED"}
		if q := c.Query("q"); q != "" {
			input["name"] = q
		}
		if conn, err := h.Store.GetConnection(c.Context(), p.TenantID, conv.ConnectionID); err == nil {
			input["connection"] = conn.Name
		}
		res, err := m.InvokeAction(c.Context(), p.TenantID, actionTemplatesList, input, "")
		if err != nil {
			h.Log.Warn("templates list", "tenant", p.TenantID, "err", err)
			return nil, apperr.New(apperr.Unavailable, "the WhatsApp connection could not list its templates")
		}
		out.Items = append(out.Items, templateViews(res)...)
		return out, nil
	})
}

// templateViews renders the templates of a whatsapp.templates.* output.
func templateViews(res map[string]any) []templateView {
	items, _ := res["templates"].([]any)
	out := make([]templateView, 0, len(items))
	for _, it := range items {
		t, _ := it.(map[string]any)
		str := func(k string) string { s, _ := t[k].(string); return s }
		out = append(out, templateView{ID: str("id"), Name: str("name"), Language: str("language"), Status: str("status"),
			Category: str("category"), Quality: cmp.Or(str("quality"), "UNKNOWN"), Header: str("header")})
	}
	return out
}
