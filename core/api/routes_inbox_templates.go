package api

import (
	"cmp"
	"encoding/json"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
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
	// Reason is why Meta rejected, paused or disabled it, when it said.
	Reason string `json:"reason,omitempty"`
	// Header is the media the template's header takes (image, video,
	// document): the composer then asks for a file.
	Header string `json:"header,omitempty"`
	// ParameterFormat is how its placeholders are named: POSITIONAL
	// ({{1}}, {{2}}) or NAMED ({{first_name}}).
	ParameterFormat string `json:"parameter_format,omitempty"`
	// HeaderText, Body and Footer are its texts, placeholders and all;
	// Body is empty while the catalog does not know them (a template
	// created or edited since the last sync).
	HeaderText string `json:"header_text,omitempty"`
	Body       string `json:"body,omitempty"`
	Footer     string `json:"footer,omitempty"`
	// Parameters are what a send gives: the text header's, the body's,
	// then each dynamic URL button's, in order.
	Parameters []templateParam `json:"parameters,omitempty"`
	// Buttons are its buttons in order: a URL button whose url ends in
	// {{1}} takes its ending at send, addressed by its index here.
	Buttons []templateButton `json:"buttons,omitempty"`
}

// templateButton is one button of a template.
type templateButton struct {
	Type string `json:"type"` // QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, …
	Text string `json:"text"`
	URL  string `json:"url,omitempty"`
}

// templateParam is one placeholder of a template.
type templateParam struct {
	Component string `json:"component"` // header, body or button
	// Name is "1", "2", … (positional) or the placeholder's name.
	Name    string `json:"name"`
	Example string `json:"example,omitempty"` // the sample value given to the provider
	Index   int    `json:"index,omitempty"`   // a URL button's position
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
			return nil, apperr.New(apperr.Unavailable, "the WhatsApp connection could not list its templates").
				Because(apperr.TemplatesUnavailable, nil)
		}
		out.Items = append(out.Items, templateViews(res)...)
		return out, nil
	})
}

// templatePreview is what the channel says of a template reply: the
// text the customer will read and the template's category (MARKETING,
// UTILITY, AUTHENTICATION); "" when it cannot tell.
type templatePreview struct{ text, category string }

// templateText asks the conversation's WhatsApp connection to check a
// template reply's parameters against its catalog (whatsapp.templates.preview)
// and returns the text the customer will read, with the template's
// category (the inbox refuses a marketing template to a contact who
// stopped marketing messages). Parameters that do not fit are refused now
// (400, with the plugin's explanation) rather than failing after the
// 202; an unknown template, another channel or a plugin that cannot tell
// give nothing and the reply goes as before.
func (h *crmAPI) templateText(c fiber.Ctx, p tenancy.Principal, t *sdk.Template) (templatePreview, error) {
	if t == nil || h.Plugins == nil {
		return templatePreview{}, nil
	}
	conv, err := h.inbox.Get(c.Context(), p, c.Params("id"))
	if err != nil || conv.Channel != "whatsapp" {
		return templatePreview{}, nil // Reply says what is wrong with the conversation
	}
	conn, err := h.Store.GetConnection(c.Context(), p.TenantID, conv.ConnectionID)
	if err != nil {
		return templatePreview{}, nil
	}
	if man, _ := h.Plugins.Manifest(conn.PluginID); !hasAction(man, actionTemplatesPreview) {
		return templatePreview{}, nil
	}
	raw, _ := json.Marshal(t)
	var tmpl map[string]any
	_ = json.Unmarshal(raw, &tmpl)
	out, err := h.Plugins.InvokeAction(c.Context(), p.TenantID, actionTemplatesPreview,
		map[string]any{"connection": conn.Name, "template": tmpl}, "")
	if class, _, _ := sdk.ClassOf(err); err != nil && class == sdk.ClassPermanent {
		return templatePreview{}, templateRefusal(err)
	} else if err != nil {
		h.Log.Debug("template preview", "tenant", p.TenantID, "connection", conn.ID, "err", err)
		return templatePreview{}, nil
	}
	var v templatePreview
	v.text, _ = out["text"].(string)
	v.category, _ = out["category"].(string)
	return v, nil
}

func hasAction(m sdk.Manifest, id string) bool { _, ok := m.Action(id); return ok }

// templateViews renders the templates of a whatsapp.templates.* output.
func templateViews(res map[string]any) []templateView {
	items, _ := res["templates"].([]any)
	out := make([]templateView, 0, len(items))
	for _, it := range items {
		t, _ := it.(map[string]any)
		str := func(k string) string { s, _ := t[k].(string); return s }
		out = append(out, templateView{ID: str("id"), Name: str("name"), Language: str("language"), Status: str("status"),
			Category: str("category"), Quality: cmp.Or(str("quality"), "UNKNOWN"), Header: str("header"),
			ParameterFormat: str("parameter_format"), HeaderText: str("header_text"), Body: str("body"), Footer: str("footer"),
			Reason: str("reason"), Parameters: templateParams(t["parameters"]), Buttons: templateButtons(t["buttons"])})
	}
	return out
}

func templateParams(v any) []templateParam {
	items, _ := v.([]any)
	var out []templateParam
	for _, it := range items {
		p, _ := it.(map[string]any)
		str := func(k string) string { s, _ := p[k].(string); return s }
		out = append(out, templateParam{Component: str("component"), Name: str("name"), Example: str("example"), Index: number(p["index"])})
	}
	return out
}

func templateButtons(v any) []templateButton {
	items, _ := v.([]any)
	var out []templateButton
	for _, it := range items {
		b, _ := it.(map[string]any)
		str := func(k string) string { s, _ := b[k].(string); return s }
		out = append(out, templateButton{Type: str("type"), Text: str("text"), URL: str("url")})
	}
	return out
}

// number reads an output's integer, however its transport typed it.
func number(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}

// templateRefusal is the channel's permanent refusal of a template: the
// plugin's words, keyed by the provider's code when it gave one.
func templateRefusal(err error) error {
	detail := apperr.PluginReason(err)
	problem := apperr.Text(detail)
	if _, _, code := sdk.ClassOf(err); code != "" {
		problem = apperr.Keyed(detail, apperr.FieldTemplateRefused, apperr.P{"code": code, "detail": detail})
	}
	return apperr.Fields("the template cannot be sent", map[string]apperr.Field{"template": problem}).Because(apperr.MessageInvalid, nil)
}
