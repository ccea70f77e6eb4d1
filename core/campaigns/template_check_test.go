package campaigns

import (
	"context"
	"errors"
	"testing"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/sdk"
)

// checkingSender answers template checks with err and records what it
// was asked.
type checkingSender struct {
	err   error
	asked []map[string]any
}

func (c *checkingSender) Send(context.Context, Outbound) (string, error) {
	return "", errors.New("not sending")
}

func (c *checkingSender) CheckTemplate(_ context.Context, _, connection string, tpl map[string]any) error {
	c.asked = append(c.asked, tpl)
	return c.err
}

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
		sender := &checkingSender{err: tc.err}
		r := newRig(t, "sqlite", sender)
		_, err := r.svc.Create(context.Background(), r.p, Input{Name: "c", Channel: "whatsapp", Spec: spec})
		e, _ := apperr.As(err)
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("case %d: refused: %v", i, err)
		case tc.field != "" && (e == nil || e.Fields[tc.field] == "" || e.Fields[tc.field][:6] != "pedido"):
			t.Errorf("case %d: %v (%+v), want a refusal of %s without the plugin's prefix", i, err, e, tc.field)
		}
		if len(sender.asked) != 1 || sender.asked[0]["name"] != "pedido" {
			t.Errorf("case %d: asked %v", i, sender.asked)
		}
	}
}
