package campaigns

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/sdk"
)

// TemplateChecker is a Sender that can look a WhatsApp template up in the
// sending connection's synced catalog and check a message against it, so
// a campaign naming a template that does not exist, is not approved or
// does not take its variables is refused when it is saved or started,
// instead of failing every send (132001, 132015, 132000).
type TemplateChecker interface {
	// TemplateStates lists the catalog's templates called name, in every
	// language (syncing the catalog first when it never was).
	TemplateStates(ctx context.Context, tenantID, connection, name string) ([]TemplateState, error)
	// CheckTemplate returns a permanent sdk error naming what does not
	// fit; any other error means the check could not be made.
	CheckTemplate(ctx context.Context, tenantID, connection string, template map[string]any) error
}

// TemplateState is one template of a connection's catalog as Meta last
// reported it; Category is MARKETING, UTILITY or AUTHENTICATION.
type TemplateState struct {
	Name, Language, Status, Reason, Category string
	// Parameters are the placeholders a send fills, when the catalog
	// knows the template's components.
	Parameters []TemplateParameter
}

// TemplateParameter is one placeholder of a template: a header's or the
// body's by name ("1", "first_name"), a dynamic URL button's by index.
type TemplateParameter struct {
	Component, Name string
	Index           int
}

// The WhatsApp plugin's template actions the check uses.
const (
	actionTemplatesList    = "whatsapp.templates.list"
	actionTemplatesPreview = "whatsapp.templates.preview"
)

// TemplateStates asks the connection's plugin (whatsapp.templates.list).
func (p PluginSender) TemplateStates(ctx context.Context, tenantID, connection, name string) ([]TemplateState, error) {
	out, err := p.Plugins.InvokeAction(ctx, tenantID, actionTemplatesList, withConnection(map[string]any{"name": name}, connection), "")
	if err != nil {
		return nil, err
	}
	items, ok := out["templates"].([]any)
	if !ok {
		return nil, fmt.Errorf("%s answered without templates", actionTemplatesList)
	}
	var states []TemplateState
	for _, it := range items {
		t, _ := it.(map[string]any)
		str := func(k string) string { s, _ := t[k].(string); return s }
		if str("name") == name { // the list filters by substring
			states = append(states, TemplateState{Name: name, Language: str("language"), Status: str("status"), Reason: str("reason"),
				Category: str("category"), Parameters: templateParameters(t["parameters"])})
		}
	}
	return states, nil
}

// TemplateCategory is the category the connection's catalog gives the
// template in language ("" when it has none): a consent.Categories over
// the plugin's whatsapp.templates.list.
func (p PluginSender) TemplateCategory(ctx context.Context, tenantID, connection, name, language string) (string, error) {
	states, err := p.TemplateStates(ctx, tenantID, connection, name)
	return categoryOf(states, language), err
}

// categoryOf is the category of the state in language.
func categoryOf(states []TemplateState, language string) string {
	for _, st := range states {
		if st.Language == language {
			return st.Category
		}
	}
	return ""
}

// CheckTemplate asks the connection's plugin (whatsapp.templates.preview).
func (p PluginSender) CheckTemplate(ctx context.Context, tenantID, connection string, template map[string]any) error {
	_, err := p.Plugins.InvokeAction(ctx, tenantID, actionTemplatesPreview, withConnection(map[string]any{"template": template}, connection), "")
	return err
}

// templateParameters reads a listed template's parameters.
func templateParameters(v any) []TemplateParameter {
	items, _ := v.([]any)
	out := make([]TemplateParameter, 0, len(items))
	for _, it := range items {
		p, _ := it.(map[string]any)
		component, _ := p["component"].(string)
		name, _ := p["name"].(string)
		var index int
		switch n := p["index"].(type) { // as the transport typed it
		case float64:
			index = int(n)
		case int:
			index = n
		case int64:
			index = int(n)
		}
		out = append(out, TemplateParameter{Component: component, Name: name, Index: index})
	}
	return out
}

func withConnection(in map[string]any, connection string) map[string]any {
	if connection != "" {
		in["connection"] = connection
	}
	return in
}

// checkTemplate refuses a template message the sending connection's
// catalog says cannot be delivered: no template of that name, none in
// that language, one Meta rejected or disabled (or, when the campaign
// starts sending now, any not approved), or variables that do not fit. The check is
// advisory when it cannot be made (the plugin down, another channel): the
// campaign is kept and Meta judges each send.
func (s *Service) checkTemplate(ctx context.Context, tenantID string, spec Spec, starting bool) error {
	tc, ok := s.Sender.(TemplateChecker)
	if !ok || spec.Message == nil || spec.Message.Template == nil {
		return nil
	}
	t := spec.Message.Template
	ctx, cancel := context.WithTimeout(ctx, templateCheckTimeout)
	defer cancel()
	states, err := tc.TemplateStates(ctx, tenantID, spec.Connection, t.Name)
	if err != nil {
		s.Log.Debug("campaign template check skipped", "tenant", tenantID, "template", t.Name, "err", err)
		return nil
	}
	if field, problem := judgeTemplate(t, states, starting); problem.Text != "" {
		return invalid(map[string]apperr.Field{field: problem})
	}
	// Each send renders its own values; the count and names are what is checked.
	err = tc.CheckTemplate(ctx, tenantID, spec.Connection, templateInput(t, templateValues{t.Variables, t.HeaderVariables, t.Buttons}))
	code := refusalCode(err)
	field, refused := templateRefusals[code]
	if code == "132000" {
		field = mismatchedPart(t, states)
	}
	if !refused {
		if err != nil {
			s.Log.Debug("campaign template check skipped", "tenant", tenantID, "template", t.Name, "err", err)
		}
		return nil
	}
	detail := apperr.PluginReason(err)
	return invalid(map[string]apperr.Field{field: apperr.Keyed(detail, apperr.FieldTemplateRefused, apperr.P{"code": code, "detail": detail})})
}

// templateCheckTimeout bounds the check, so a plugin that hangs delays a
// save by seconds, not by the bus's timeout; the check is then skipped.
var templateCheckTimeout = 5 * time.Second

// finalStatuses are the template statuses a template does not leave by
// itself: a campaign naming one is refused even as a draft. A PENDING or
// PAUSED template may be approved or reinstated before the campaign
// starts.
var finalStatuses = []string{"REJECTED", "DISABLED"}

// judgeTemplate says which field of the message is wrong and why, given
// the catalog's templates of that name; "" when the template can be sent.
func judgeTemplate(t *Template, states []TemplateState, starting bool) (field string, problem apperr.Field) {
	if len(states) == 0 {
		return "spec.message.template.name", apperr.Keyed(fmt.Sprintf("the connection has no template named %q: check the name, "+
			"or sync the connection's templates if it was created since", t.Name), apperr.FieldUnknownTemplate, apperr.P{"name": t.Name})
	}
	i := slices.IndexFunc(states, func(s TemplateState) bool { return s.Language == t.Language })
	if i < 0 {
		langs := make([]string, len(states))
		for j, s := range states {
			langs[j] = s.Language
		}
		list := strings.Join(langs, ", ")
		return "spec.message.template.language", apperr.Keyed(fmt.Sprintf("%s has no %q version; it exists in %s", t.Name, t.Language, list),
			apperr.FieldTemplateLanguage, apperr.P{"name": t.Name, "language": t.Language, "languages": list})
	}
	st := states[i]
	if st.Status == "APPROVED" || st.Status == "" || !starting && !slices.Contains(finalStatuses, st.Status) {
		return "", apperr.Field{}
	}
	text := fmt.Sprintf("%s (%s) is %s at Meta: only approved templates are delivered", t.Name, t.Language, st.Status)
	if st.Reason != "" {
		text += " (reason: " + st.Reason + ")"
	}
	return "spec.message.template.name", apperr.Keyed(text, apperr.FieldTemplateNotApproved,
		apperr.P{"name": t.Name, "language": t.Language, "status": st.Status, "reason": st.Reason})
}

// templateRefusals are the permanent refusals of a template check, by
// Graph's code, and the field each blames: the parameters do not fit
// (132000; mismatchedPart says which), a media header is missing or of
// the wrong type (132012), a URL button the template does not have
// (131009).
var templateRefusals = map[string]string{
	"132000": "spec.message.template.variables",
	"132012": "spec.message.template.header",
	"131009": "spec.message.template.buttons",
}

// mismatchedPart is the field of a template message whose parameters do
// not fit (a 132000): the text header's or the URL buttons' when the
// catalog's placeholders and the message's differ there, else the body's.
func mismatchedPart(t *Template, states []TemplateState) string {
	i := slices.IndexFunc(states, func(s TemplateState) bool { return s.Language == t.Language })
	if i < 0 {
		return "spec.message.template.variables"
	}
	var header, buttons []string
	for _, p := range states[i].Parameters {
		switch p.Component {
		case "header":
			header = append(header, p.Name)
		case "button":
			buttons = append(buttons, strconv.Itoa(p.Index))
		}
	}
	sameKeys := func(want []string, got map[string]string) bool {
		return len(want) == len(got) && !slices.ContainsFunc(want, func(k string) bool { _, ok := got[k]; return !ok })
	}
	switch {
	case !sameKeys(header, t.HeaderVariables):
		return "spec.message.template.header_variables"
	case !sameKeys(buttons, t.Buttons):
		return "spec.message.template.buttons"
	}
	return "spec.message.template.variables"
}

// refusalCode is a permanent error's provider code; "" for anything else.
func refusalCode(err error) string {
	if class, _, code := sdk.ClassOf(err); err != nil && class == sdk.ClassPermanent {
		return code
	}
	return ""
}
