package campaigns

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// demoCategories are the simulator's demo templates' categories, as the
// connection's catalog tells them.
type demoCategories map[string]string

func (c demoCategories) TemplateCategory(_ context.Context, _, _, name, _ string) (string, error) {
	return c[name], nil
}

var simCategories = demoCategories{"boas_vindas": "MARKETING", "pedido_confirmado": "UTILITY"}

// TestMarketingTemplateLeavesOutMarketingOptOuts: a campaign of a
// marketing template leaves out, as opted out, the contacts who stopped
// WhatsApp marketing messages (and those who opted out of WhatsApp); the
// provider never hears of them. A utility template still reaches them;
// a contact who opted back in to marketing gets both.
func TestMarketingTemplateLeavesOutMarketingOptOuts(t *testing.T) {
	s, base := startWhatsApp(t, nil)
	r := newRig(t, "sqlite", newGraphSender(base))
	r.svc.Templates = simCategories
	cs := r.contacts(6, nil)
	r.optOut(cs[0], "whatsapp:marketing")
	r.optOut(cs[1], "whatsapp")
	r.optOut(cs[2], "whatsapp:marketing")
	must(t, r.st.AddConsent(context.Background(), store.Consent{ID: ids.New("cns"), TenantID: r.p.TenantID, ContactID: cs[2].ID,
		Channel: "whatsapp:marketing", Status: "opt_in", Source: "keyword:START", CreatedAt: time.Now().Add(time.Second)}))
	r.start()

	promo := r.launch("promo", "whatsapp", Spec{Message: &Message{Template: &Template{Name: "boas_vindas", Language: "pt_BR",
		Variables: map[string]string{"first_name": "{{ contact.first_name }}", "offer": "frete grátis"}}}, Pacing: unlimited})
	pr := r.waitFor(promo.ID, "completion", completed)
	if pr.Sent != 4 || pr.Excluded[ExcludedOptedOut] != 2 || pr.Failed != 0 {
		t.Fatalf("the marketing campaign's progress: %+v", pr)
	}
	if got := s.Messages(sim.Filter{To: cs[0].Phone}); len(got) != 0 {
		t.Fatalf("the marketing opt-out got %+v", got)
	}

	pedido := r.launch("pedido", "whatsapp", Spec{Message: &Message{Template: &Template{Name: "pedido_confirmado", Language: "pt_BR",
		Variables: map[string]string{"1": "{{ contact.first_name }}", "2": "#1"}}}, Pacing: unlimited})
	pr = r.waitFor(pedido.ID, "completion", completed)
	if pr.Sent != 5 || pr.Excluded[ExcludedOptedOut] != 1 {
		t.Fatalf("the utility campaign's progress: %+v", pr)
	}
	if got := s.Messages(sim.Filter{To: cs[0].Phone}); len(got) != 1 || got[0].Template == nil || got[0].Template.Name != "pedido_confirmado" {
		t.Fatalf("the marketing opt-out's messages: %+v", got)
	}
}

// TestMarketingOptOutsSuppressedAtSend: a contact who stopped marketing
// messages after the campaign enqueued them is suppressed when their row
// is claimed (as opted out, saying why), and so is a cadence's marketing
// step; a utility step and a text are not.
func TestMarketingOptOutsSuppressedAtSend(t *testing.T) {
	r := newRig(t, "sqlite", &checkingSender{states: []TemplateState{{Name: "boas_vindas", Language: "pt_BR", Status: "APPROVED"}}})
	r.svc.Templates = simCategories
	r.svc.init()
	ctx := context.Background()
	cs := r.contacts(3, nil)
	r.optOut(cs[0], "whatsapp:marketing")
	r.optOut(cs[1], "whatsapp")
	c, err := r.svc.Create(ctx, r.p, Input{Name: "promo", Channel: "whatsapp", Spec: Spec{Message: &Message{Template: &Template{
		Name: "boas_vindas", Language: "pt_BR", Variables: map[string]string{"first_name": "Ana", "offer": "x"}}}}})
	must(t, err)
	rows := make([]store.Send, len(cs))
	for i, ct := range cs {
		rows[i] = store.Send{ID: ids.New("snd"), TenantID: r.p.TenantID, CampaignID: c.ID, ContactID: ct.ID, Channel: "whatsapp",
			Via: store.ViaDispatch, Step: StepSend}
	}
	out, err := (&dispatcher{s: r.svc}).optOuts(ctx, rows)
	must(t, err)
	if out[rows[0].ID] != "whatsapp:marketing" || out[rows[1].ID] != "whatsapp" || out[rows[2].ID] != "" {
		t.Fatalf("opted out at the claim: %v", out)
	}
	l, err := r.svc.live(ctx, r.p.TenantID, c.ID)
	must(t, err)
	row := rows[0]
	row.Via = store.ViaRun // a draft's dispatched row would go back to the ledger first
	res, stop := r.svc.precheck(ctx, row, l, out[rows[0].ID], time.Now())
	if !stop || res.out.Kind != store.OutcomeSuppress || res.out.ErrorCode != ExcludedOptedOut || !strings.Contains(res.out.Error, "marketing") {
		t.Fatalf("the marketing opt-out's row: %+v", res.out)
	}

	step := func(contact store.Contact, input map[string]any) string {
		payload, _ := json.Marshal(input)
		got, err := r.svc.rowOptedOut(ctx, store.Send{TenantID: r.p.TenantID, CampaignID: c.ID, ContactID: contact.ID, Channel: "whatsapp",
			Via: store.ViaRun, Step: "promo", Payload: payload}, l)
		must(t, err)
		return got
	}
	tpl := func(name string) map[string]any {
		return map[string]any{"kind": "template", "template": map[string]any{"name": name, "language": "pt_BR"}}
	}
	for _, x := range []struct {
		contact store.Contact
		input   map[string]any
		want    string
	}{
		{cs[0], tpl("boas_vindas"), "whatsapp:marketing"},
		{cs[0], tpl("pedido_confirmado"), ""},
		{cs[0], map[string]any{"kind": "text", "text": "oi"}, ""},
		{cs[1], tpl("pedido_confirmado"), "whatsapp"},
		{cs[2], tpl("boas_vindas"), ""},
	} {
		if got := step(x.contact, x.input); got != x.want {
			t.Errorf("a cadence step %v to %s: opted out of %q, want %q", x.input, x.contact.Name, got, x.want)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestPreviewLeavesOutMarketingOptOuts: the audience preview of a
// marketing template counts the contacts who stopped WhatsApp marketing
// messages as opted out, as its sends will; a utility template, a text
// and a catalog that cannot tell count them in. A template on SMS, or
// one without a name, is refused on its field.
func TestPreviewLeavesOutMarketingOptOuts(t *testing.T) {
	r := newRig(t, "sqlite", nil)
	r.svc.Templates = simCategories
	cs := r.contacts(5, nil)
	r.optOut(cs[0], "whatsapp:marketing")
	r.optOut(cs[1], "whatsapp")
	ctx := context.Background()
	cases := []struct {
		name      string
		in        PreviewInput
		count, ex int64
	}{
		{"marketing", PreviewInput{Channel: "whatsapp", Template: &PreviewTemplate{Name: "boas_vindas", Language: "pt_BR"}}, 3, 2},
		{"utility", PreviewInput{Channel: "whatsapp", Template: &PreviewTemplate{Name: "pedido_confirmado", Language: "pt_BR"}}, 4, 1},
		{"unknown to the catalog", PreviewInput{Channel: "whatsapp", Template: &PreviewTemplate{Name: "nova", Language: "pt_BR"}}, 4, 1},
		{"text", PreviewInput{Channel: "whatsapp"}, 4, 1},
	}
	for _, tc := range cases {
		got, err := r.svc.Preview(ctx, r.p, tc.in)
		must(t, err)
		if got.Count != tc.count || got.Excluded[ExcludedOptedOut] != tc.ex {
			t.Errorf("%s: %+v, want %d with %d opted out", tc.name, got, tc.count, tc.ex)
		}
		for _, c := range got.Sample {
			if tc.name == "marketing" && c.ID == cs[0].ID {
				t.Errorf("the marketing opt-out is in the sample: %+v", got.Sample)
			}
		}
	}
	for field, in := range map[string]PreviewInput{
		"template":      {Channel: "sms", Template: &PreviewTemplate{Name: "boas_vindas", Language: "pt_BR"}},
		"template.name": {Channel: "whatsapp", Template: &PreviewTemplate{Language: "pt_BR"}},
	} {
		_, err := r.svc.Preview(ctx, r.p, in)
		if e, _ := apperr.As(err); e == nil || e.Code != apperr.Invalid || e.Fields[field] == "" {
			t.Errorf("%s: %v", field, err)
		}
	}
}
