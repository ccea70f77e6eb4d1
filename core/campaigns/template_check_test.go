package campaigns

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/sdk"
)

// checkingSender answers template lookups with states (or listErr) and
// checks with err, and records the checks it was asked.
type checkingSender struct {
	states  []TemplateState
	listErr error
	err     error
	asked   []map[string]any
}

func (c *checkingSender) Send(context.Context, Outbound) (string, error) {
	return "", errors.New("not sending")
}

func (c *checkingSender) TemplateStates(context.Context, string, string, string) ([]TemplateState, error) {
	return c.states, c.listErr
}

func (c *checkingSender) CheckTemplate(_ context.Context, _, _ string, tpl map[string]any) error {
	c.asked = append(c.asked, tpl)
	return c.err
}

var approvedPedido = []TemplateState{{Name: "pedido", Language: "pt_BR", Status: "APPROVED"}}

// TestTemplateCheckRefusesOnlyWhatTheCatalogRefuses: the channel's
// parameter (132000) and header (132012) refusals fail the save with the
// field they blame; a check that cannot be made (the plugin down, another
// permanent error) keeps the campaign, as Meta judges each send anyway.
func TestTemplateCheckRefusesOnlyWhatTheCatalogRefuses(t *testing.T) {
	spec := Spec{Message: &Message{Template: &Template{Name: "pedido", Language: "pt_BR",
		Variables: map[string]string{"1": "{{ contact.first_name }}"}}}}
	for i, tc := range []struct {
		err   error
		field string // "" saves
	}{
		{sdk.Permanent(errors.New("whatsapp-cloud: pedido (pt_BR) takes 2 parameters"), "132000"), "spec.message.template.variables"},
		{sdk.Permanent(errors.New("whatsapp-cloud: pedido (pt_BR) has an image header"), "132012"), "spec.message.template.header"},
		{sdk.Retryable(errors.New("plugin restarting"), 0), ""},
		{sdk.Permanent(errors.New("no such action"), ""), ""},
		{nil, ""},
	} {
		sender := &checkingSender{states: approvedPedido, err: tc.err}
		r := newRig(t, "sqlite", sender)
		_, err := r.svc.Create(context.Background(), r.p, Input{Name: "c", Channel: "whatsapp", Spec: spec})
		e, _ := apperr.As(err)
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("case %d: refused: %v", i, err)
		case tc.field != "" && (e == nil || !strings.HasPrefix(e.Fields[tc.field], "pedido")):
			t.Errorf("case %d: %v (%+v), want a refusal of %s without the plugin's prefix", i, err, e, tc.field)
		}
		if len(sender.asked) != 1 || sender.asked[0]["name"] != "pedido" {
			t.Errorf("case %d: asked %v", i, sender.asked)
		}
	}
}

// TestTemplateCheckNeedsAnApprovedTemplate: a template the catalog lacks,
// or has in other languages only, is refused when saved, naming the field
// and what exists; a rejected or disabled one too; a pending or paused one
// is kept as a draft (Meta may approve or reinstate it) but cannot start
// sending now (it can be scheduled for later).
// A catalog that cannot be read refuses nothing.
func TestTemplateCheckNeedsAnApprovedTemplate(t *testing.T) {
	state := func(lang, status string) []TemplateState {
		return []TemplateState{{Name: "pedido", Language: lang, Status: status, Reason: map[bool]string{true: "INCORRECT_CATEGORY"}[status == "REJECTED"]}}
	}
	for _, tc := range []struct {
		name          string
		states        []TemplateState
		listErr       error
		saveField     string // "" saves
		startField    string // "" starts
		problemSubstr string
		later         bool // scheduled a day from now
	}{
		{"unknown", nil, nil, "spec.message.template.name", "", "no template named \"pedido\"", false},
		{"other language", append(state("en_US", "APPROVED"), state("es", "APPROVED")...), nil, "spec.message.template.language", "", "en_US, es", false},
		{"rejected", state("pt_BR", "REJECTED"), nil, "spec.message.template.name", "", "REJECTED at Meta", false},
		{"disabled", state("pt_BR", "DISABLED"), nil, "spec.message.template.name", "", "DISABLED", false},
		{"paused", state("pt_BR", "PAUSED"), nil, "", "spec.message.template.name", "PAUSED at Meta", false},
		{"pending", state("pt_BR", "PENDING"), nil, "", "spec.message.template.name", "PENDING", false},
		{"approved", state("pt_BR", "APPROVED"), nil, "", "", "", false},
		{"paused, scheduled for later", state("pt_BR", "PAUSED"), nil, "", "", "", true},
		{"disabled, scheduled for later", state("pt_BR", "DISABLED"), nil, "spec.message.template.name", "", "DISABLED", true},
		{"catalog unreadable", nil, sdk.Retryable(errors.New("plugin restarting"), 0), "", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sender := &checkingSender{states: tc.states, listErr: tc.listErr}
			r := newRig(t, "sqlite", sender)
			in := Input{Name: "c", Channel: "whatsapp", Spec: Spec{Message: &Message{Template: &Template{Name: "pedido", Language: "pt_BR"}}}}
			if tc.later {
				at := time.Now().Add(24 * time.Hour)
				in.Spec.Schedule.At = &at
			}
			c, err := r.svc.Create(context.Background(), r.p, in)
			if !refusedOn(t, "save", err, tc.saveField, tc.problemSubstr) || tc.saveField != "" {
				return
			}
			_, err = r.svc.Start(context.Background(), r.p, c.ID)
			refusedOn(t, "start", err, tc.startField, tc.problemSubstr)
		})
	}
}

// refusedOn checks err refuses field with a problem holding substr, or is
// nil when field is ""; it reports whether it was as expected.
func refusedOn(t *testing.T, step string, err error, field, substr string) bool {
	t.Helper()
	e, _ := apperr.As(err)
	switch {
	case field == "" && err != nil:
		t.Errorf("%s refused: %v", step, err)
	case field != "" && (e == nil || !strings.Contains(e.Fields[field], substr)):
		t.Errorf("%s: %v (%+v), want %s refused with %q", step, err, e, field, substr)
	default:
		return true
	}
	return false
}
