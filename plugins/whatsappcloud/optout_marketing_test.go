package whatsappcloud

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// promoTemplate is the simulator's demo MARKETING template, pedidoTemplate
// its UTILITY one.
var (
	promoTemplate = &sdk.Template{Name: "boas_vindas", Language: "pt_BR",
		Variables: map[string]string{"first_name": "Ana", "offer": "frete grátis"}}
	pedidoTemplate = &sdk.Template{Name: "pedido_confirmado", Language: "pt_BR", Variables: map[string]string{"1": "Ana", "2": "#7"}}
)

// marketingOptOuts are the whatsapp.opted_out events of scope marketing
// among events.
func marketingOptOuts(events []sdk.Event) []sdk.Event {
	var out []sdk.Event
	for _, e := range events {
		if p, _ := e.Payload.(map[string]string); e.Subject == SubjectOptedOut && p["scope"] == ScopeMarketing {
			out = append(out, e)
		}
	}
	return out
}

// TestStopPromotionsButton: a tap on a marketing template's opt-out
// quick reply (Meta's "Stop promotions", or the business's "Unsubscribe",
// "Cancelar inscrição", "Descadastrar", "Sair da lista", "Não quero
// receber"; any case, accents or spacing), or on a reply button with
// those words, is reported after its message.received as a
// whatsapp.opted_out of scope marketing, keyed by its wamid; other
// buttons ("Quero saber mais", a menu's "Sair") and the same words typed
// as text are not. keyword_opt_out does not turn it off: the button is an
// opt-out by design.
func TestStopPromotionsButton(t *testing.T) {
	for text, want := range map[string]string{"Stop promotions": "STOP PROMOTIONS", "Parar promoções": "PARAR PROMOCOES",
		"PARAR PROMOCOES!": "PARAR PROMOCOES", "Unsubscribe": "UNSUBSCRIBE", " cancelar  INSCRIÇÃO ": "CANCELAR INSCRICAO",
		"Descadastrar": "DESCADASTRAR", "Sair da lista": "SAIR DA LISTA", "Não quero receber": "NAO QUERO RECEBER",
		"nao quero receber.": "NAO QUERO RECEBER", "Quero saber mais": "", "Sair": "", "Não quero receber agora não": ""} {
		for kind, in := range map[string]sim.Inbound{"quick reply": sim.InboundButton(user, "wamid.ctx", "p-1", text),
			"reply button": sim.InboundButtonReply(user, "wamid.ctx", "b-1", text)} {
			t.Run(kind+" "+text, func(t *testing.T) {
				events := keywordEvents(t, map[string]any{"keyword_opt_out": false}, in)
				if want == "" {
					if len(events) != 0 {
						t.Fatalf("events %+v, want none", events)
					}
					return
				}
				if len(events) != 1 || len(marketingOptOuts(events)) != 1 {
					t.Fatalf("events %+v, want one marketing opt-out", events)
				}
				p := events[0].Payload.(map[string]string)
				if p["phone"] != user || p["keyword"] != want || p["message_id"] == "" || events[0].ID != "optout:"+p["message_id"] {
					t.Errorf("event %+v", events[0])
				}
			})
		}
	}
	for _, typed := range []string{"Descadastrar", "Unsubscribe", "Stop promotions"} {
		if events := keywordEvents(t, map[string]any{"keyword_opt_out": false}, sim.InboundText(user, typed)); len(events) != 0 {
			t.Errorf("typed %q: %+v, want nothing", typed, events)
		}
	}

	f := newFixture(t, nil, map[string]any{"download_media": false})
	for text, n := range map[string]int{"Unsubscribe": 1, "Stop promotions": 1, "Quero saber mais": 0} {
		body := bytes.ReplaceAll(readVector(t, "webhook_message_button_template_quick_reply.json"), []byte(`"Unsubscribe"`), []byte(`"`+text+`"`))
		body = bytes.ReplaceAll(body, []byte(`"106540352242922"`), []byte(`"`+sim.DemoPhoneNumberID+`"`))
		_, events, err := f.plugin.HandleWebhook(context.Background(), signed(sim.DemoAppSecret, body))
		if err != nil || len(events) != 1+n || len(marketingOptOuts(events)) != n {
			t.Errorf("the vector's button as %q: %+v %v", text, events, err)
		}
	}
}

// TestMarketing131050InAStatus: Meta accepts a marketing template to a
// user who stopped marketing messages and fails it in a status webhook
// with 131050; the failed status is followed by the user's marketing
// opt-out, keyed by the wamid (a redelivery repeats it). A utility
// template to them is delivered and reports nothing.
func TestMarketing131050InAStatus(t *testing.T) {
	f := newFixture(t, nil, nil)
	must(t, f.sim.SetMarketing(sim.MarketingPreference{From: user, Stopped: true}))
	res, err := f.send(sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindTemplate, Template: promoTemplate})
	if err != nil {
		t.Fatalf("the send: %v", err)
	}
	_, err = f.send(sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindTemplate, Template: pedidoTemplate})
	must(t, err)
	f.clock.Advance(time.Minute)
	stops := marketingOptOuts(f.emitted())
	if len(stops) != 1 || stops[0].ID != "optout:131050:"+res.MessageID {
		t.Fatalf("marketing opt-outs %+v, want one for %s", stops, res.MessageID)
	}
	if p := stops[0].Payload.(map[string]string); p["phone"] != user || p["keyword"] != "whatsapp-131050" || p["message_id"] != res.MessageID {
		t.Errorf("payload %+v", p)
	}
	if got := f.reported.Emitted(); len(got) != 0 {
		t.Errorf("reported through the host at send time: %+v", got)
	}
}

// TestMarketing131050OnSend: a synchronous 131050 fails the send for good
// with the code, and the plugin reports the marketing opt-out through the
// host's events service, keyed by the send's idempotency key (a retry
// reports the same).
func TestMarketing131050OnSend(t *testing.T) {
	f := newFixture(t, func(c *sim.Config) { c.RejectSynchronously = true }, nil)
	must(t, f.sim.SetMarketing(sim.MarketingPreference{From: user, Stopped: true}))
	for range 2 {
		_, err := f.send(sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindTemplate, Template: promoTemplate, IdempotencyKey: "snd_1"})
		if class, _, code := sdk.ClassOf(err); class != sdk.ClassPermanent || code != "131050" || !strings.Contains(err.Error(), "marketing") {
			t.Fatalf("a marketing template: %v (%s %s)", err, class, code)
		}
	}
	got := f.reported.Emitted()
	if len(got) != 2 || got[0].ID != "optout:131050:"+user+":snd_1" || got[1].ID != got[0].ID || len(marketingOptOuts(got)) != 2 {
		t.Fatalf("reported %+v", got)
	}
	if p := got[0].Payload.(map[string]string); p["phone"] != user || p["keyword"] != "whatsapp-131050" {
		t.Errorf("payload %+v", p)
	}
	if _, err := f.send(sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindTemplate, Template: pedidoTemplate}); err != nil {
		t.Fatalf("a utility template: %v", err)
	}
}

// TestTemplatePreviewTellsTheCategory: the preview says the template's
// category, so the inbox can tell a marketing template from the others.
func TestTemplatePreviewTellsTheCategory(t *testing.T) {
	f := newFixture(t, nil, nil)
	invoke(t, f.plugin, ActionTemplatesSync, nil)
	for tpl, want := range map[*sdk.Template]string{promoTemplate: "MARKETING", pedidoTemplate: "UTILITY"} {
		vars := map[string]any{}
		for k, v := range tpl.Variables {
			vars[k] = v
		}
		out := invoke(t, f.plugin, ActionTemplatesPreview, map[string]any{"template": map[string]any{"name": tpl.Name,
			"language": tpl.Language, "variables": vars}})
		if out.Values["category"] != want {
			t.Errorf("%s: %v, want category %s", tpl.Name, out.Values, want)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
