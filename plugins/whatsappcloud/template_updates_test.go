package whatsappcloud

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// sendsServed is how many sends reached the simulator.
func (f *fixture) sendsServed() int {
	return f.served("POST /v21.0/" + sim.DemoPhoneNumberID + "/messages")
}

// texts is what a sync told the catalog about a template's contents.
func texts(m map[string]any) string {
	return fmt.Sprint(m["parameter_format"], "|", m["header_text"], "|", m["body"], "|", m["footer"], "|", m["parameters"])
}

// TestTemplateWebhooksKeepTexts: the simulator's status, quality and
// category webhooks (Meta reviewing, pausing, recategorizing a template)
// change only that in the catalog; the texts the sync read stay, so a
// send with the wrong parameters is still refused before Graph.
func TestTemplateWebhooksKeepTexts(t *testing.T) {
	f := newFixture(t, nil, nil)
	invoke(t, f.plugin, ActionTemplatesSync, nil)
	synced := listed(t, f, nil, "pedido_confirmado")[0]
	if synced["body"] != "Olá {{1}}, seu pedido {{2}} foi confirmado." {
		t.Fatalf("synced: %v", synced)
	}
	const name, lang = "pedido_confirmado", "pt_BR"
	for _, step := range []struct {
		change func() error
		want   map[string]any // fields of the listed template
	}{
		{func() error { return f.sim.SetTemplateStatus(sim.DemoWABAID, name, lang, "PAUSED", "") },
			map[string]any{"status": "PAUSED", "reason": nil}},
		{func() error { return f.sim.SetTemplateStatus(sim.DemoWABAID, name, lang, "REINSTATED", "") },
			map[string]any{"status": "APPROVED"}},
		{func() error {
			return f.sim.SetTemplateStatus(sim.DemoWABAID, name, lang, "REJECTED", "INCORRECT_CATEGORY")
		},
			map[string]any{"status": "REJECTED", "reason": "INCORRECT_CATEGORY"}},
		{func() error { return f.sim.SetTemplateStatus(sim.DemoWABAID, name, lang, "APPROVED", "") }, // an appeal won
			map[string]any{"status": "APPROVED", "reason": nil}},
		{func() error { return f.sim.SetTemplateQuality(sim.DemoWABAID, name, lang, "YELLOW") },
			map[string]any{"quality": "YELLOW"}},
		{func() error { return f.sim.SetTemplateCategory(sim.DemoWABAID, name, lang, "MARKETING") },
			map[string]any{"category": "MARKETING"}},
	} {
		if err := step.change(); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(0)
		got := listed(t, f, nil, name)
		if len(got) != 1 || texts(got[0]) != texts(synced) {
			t.Fatalf("after %v: %v, texts were %s", step.want, got, texts(synced))
		}
		for k, v := range step.want {
			if got[0][k] != v && !(v == nil && got[0][k] == nil) {
				t.Errorf("after %v: %s = %v", step.want, k, got[0][k])
			}
		}
	}
	before := f.sendsServed()
	_, err := tryInvoke(t, f.plugin, ActionSend, map[string]any{"to": "+" + user, "kind": "template",
		"template": map[string]any{"name": name, "language": lang, "variables": map[string]any{"1": "Ana"}}})
	if c, _, code := sdk.ClassOf(err); c != sdk.ClassPermanent || code != "132000" || !strings.Contains(err.Error(), "the body takes 2 parameters") {
		t.Errorf("a send missing a parameter after the webhooks: %v (%v %q)", err, c, code)
	}
	if n := f.sendsServed(); n != before {
		t.Errorf("the refused send reached Graph (%d sends)", n-before)
	}
	if n := f.served("GET /v21.0/" + sim.DemoWABAID + "/message_templates"); n != 1 {
		t.Errorf("%d template pages fetched, want the one sync's", n)
	}
}

// TestTemplateEditForgetsTexts: an approved edit
// (message_template_components_update) drops the old texts, so the
// edited template is sent as asked and Meta judges it; the next sync
// reads the new texts.
func TestTemplateEditForgetsTexts(t *testing.T) {
	f := newFixture(t, nil, nil)
	invoke(t, f.plugin, ActionTemplatesSync, nil)
	if err := f.sim.EditTemplate(sim.DemoWABAID, "pedido_confirmado", "pt_BR", []sim.TemplateComponent{
		{Type: "BODY", Text: "Oi {{1}}, pedido confirmado!", Example: &sim.TemplateExample{BodyText: [][]string{{"Maria"}}}}}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	got := listed(t, f, nil, "pedido_confirmado")
	if len(got) != 1 || got[0]["body"] != nil || got[0]["status"] != "APPROVED" {
		t.Fatalf("after the edit: %v", got)
	}
	send := map[string]any{"to": "+" + user, "kind": "template",
		"template": map[string]any{"name": "pedido_confirmado", "language": "pt_BR", "variables": map[string]any{"1": "Ana"}}}
	if _, err := tryInvoke(t, f.plugin, ActionSend, send); err != nil {
		t.Fatalf("the edited template, sent as it now is: %v", err)
	}
	invoke(t, f.plugin, ActionTemplatesSync, nil)
	if got := listed(t, f, nil, "pedido_confirmado"); got[0]["body"] != "Oi {{1}}, pedido confirmado!" {
		t.Errorf("after the next sync: %v", got)
	}
}

// TestTemplateStatusRecordsReason: a status webhook for a template the
// catalog lacks adds it with its status and reason; one for another
// business account (the app's callback gets them all) changes nothing.
func TestTemplateStatusRecordsReason(t *testing.T) {
	f := newFixture(t, nil, nil)
	invoke(t, f.plugin, ActionTemplatesSync, nil)
	before := listed(t, f, nil, "pedido_confirmado")
	value := `{"event":"REJECTED","message_template_id":987654321012345,"message_template_name":"nova_oferta",` +
		`"message_template_language":"pt_BR","reason":"INVALID_FORMAT","message_template_category":"MARKETING"}`
	handle(t, f.plugin, signed(sim.DemoAppSecret, templateChange(fieldTemplateStatus, value)))
	want := map[string]any{"id": "987654321012345", "name": "nova_oferta", "language": "pt_BR", "status": "REJECTED",
		"reason": "INVALID_FORMAT", "category": "MARKETING", "quality": "UNKNOWN", "header": ""}
	if got := listed(t, f, nil, "nova_oferta"); len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("nova_oferta: %v", got)
	}

	other := strings.Replace(string(templateChange(fieldTemplateStatus,
		`{"event":"PAUSED","message_template_id":1,"message_template_name":"pedido_confirmado","message_template_language":"pt_BR","reason":"NONE"}`)),
		sim.DemoWABAID, "300000000000001", 1)
	handle(t, f.plugin, signed(sim.DemoAppSecret, []byte(other)))
	if got := listed(t, f, nil, "pedido_confirmado"); !reflect.DeepEqual(got, before) {
		t.Errorf("another account's webhook changed pedido_confirmado: %v, was %v", got, before)
	}
}
