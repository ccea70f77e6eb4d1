package whatsappcloud

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// invoke runs one of p's actions with raw inputs.
func invoke(t *testing.T, p sdk.Plugin, id string, raw map[string]any) sdk.Output {
	t.Helper()
	spec, _ := p.Manifest().Action(id)
	in, err := spec.ParseInput(raw)
	if err != nil {
		t.Fatal(err)
	}
	out, err := p.Actions()[id].Invoke(context.Background(), in)
	if err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	if errs := spec.Output.Validate(out.Values); errs != nil {
		t.Fatalf("%s output: %v", id, errs)
	}
	return out
}

// TestTemplatesSyncAndList pages through 130 templates, keeps status,
// quality and the media a header takes, and filters the stored catalog.
func TestTemplatesSyncAndList(t *testing.T) {
	f := newFixture(t, nil, nil)
	for i := range 123 {
		if err := f.sim.PutTemplate(sim.DemoWABAID, sim.Template{Name: fmt.Sprintf("bulk_%03d", i), Language: "pt_BR",
			Category: "MARKETING", Status: "PENDING", Components: []sim.TemplateComponent{{Type: "BODY", Text: "x"}}}); err != nil {
			t.Fatal(err)
		}
	}
	list := invoke(t, f.plugin, ActionTemplatesList, map[string]any{"status": "APPROVED"}) // syncs first
	if list.Values["count"] != 5 {
		t.Errorf("approved templates = %v", list.Values["count"])
	}
	out := invoke(t, f.plugin, ActionTemplatesSync, nil)
	if out.Values["count"] != 130 {
		t.Fatalf("synced %v templates, want 130 over two pages", out.Values["count"])
	}
	if n := f.served("GET /v21.0/" + sim.DemoWABAID + "/message_templates"); n != 4 {
		t.Errorf("%d template pages fetched, want 2 per sync", n)
	}
	byName := map[string]map[string]any{}
	for _, v := range out.Values["templates"].([]any) {
		m := v.(map[string]any)
		byName[m["name"].(string)] = m
	}
	if p := byName["promo_pausada"]; p["status"] != "PAUSED" || p["quality"] != "RED" || p["category"] != "MARKETING" {
		t.Errorf("promo_pausada = %v", p)
	}
	if h := byName["boas_vindas"]; h["quality"] != "YELLOW" || h["id"] == "" || h["header"] != "" {
		t.Errorf("boas_vindas = %v", h)
	}
	if h := byName["promo_imagem"]; h["header"] != "image" { // its header takes an image
		t.Errorf("promo_imagem = %v", h)
	}
	paused := invoke(t, f.plugin, ActionTemplatesList, map[string]any{"status": "paused", "name": "promo"})
	if paused.Values["count"] != 1 {
		t.Errorf("paused promo templates = %v", paused.Values)
	}
	if n := f.served("GET /v21.0/" + sim.DemoWABAID + "/message_templates"); n != 4 {
		t.Errorf("listing refetched: %d pages", n)
	}
}

// TestTemplateErrors: a paused template fails permanently with 132015.
func TestTemplateErrors(t *testing.T) {
	f := newFixture(t, nil, nil)
	msg := sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindTemplate, Template: &sdk.Template{Name: "promo_pausada", Language: "pt_BR"}}
	_, err := f.send(msg)
	if c, _, code := sdk.ClassOf(err); c != sdk.ClassPermanent || code != "132015" {
		t.Errorf("paused template: %v %q %v", c, code, err)
	}
	msg.Template = &sdk.Template{Name: "pedido_confirmado", Language: "pt_BR", Variables: map[string]string{"1": "só um"}}
	if _, _, code := sdk.ClassOf(func() error { _, err := f.send(msg); return err }()); code != "132000" {
		t.Errorf("missing parameter: code %q", code)
	}
}

// TestTemplateWebhooks: status and quality webhooks update the synced
// catalog between syncs.
func TestTemplateWebhooks(t *testing.T) {
	f := newFixture(t, nil, nil)
	invoke(t, f.plugin, ActionTemplatesSync, nil)
	for _, body := range [][]byte{
		templateChange("message_template_status_update", `{"event":"PAUSED","message_template_id":0,"message_template_name":"boas_vindas","message_template_language":"pt_BR","reason":"LOW_QUALITY"}`),
		templateChange("message_template_quality_update", `{"previous_quality_score":"YELLOW","new_quality_score":"RED","message_template_id":0,"message_template_name":"boas_vindas","message_template_language":"pt_BR"}`),
	} {
		if resp, events := handle(t, f.plugin, signed(sim.DemoAppSecret, body)); resp.StatusCode() != 200 || len(events) != 0 {
			t.Fatalf("status %d, events %v", resp.StatusCode(), events)
		}
	}
	out := invoke(t, f.plugin, ActionTemplatesList, map[string]any{"name": "boas_vindas"})
	got := out.Values["templates"].([]any)[0].(map[string]any)
	if got["status"] != "PAUSED" || got["quality"] != "RED" {
		t.Errorf("boas_vindas after the webhooks: %v", got)
	}
}

// templateChange is a signed-ready webhook body carrying one template change.
func templateChange(field, value string) []byte {
	return []byte(`{"object":"whatsapp_business_account","entry":[{"id":"` + sim.DemoWABAID +
		`","changes":[{"field":"` + field + `","value":` + value + `}]}]}`)
}

// postTemplateStatus hands the plugin a signed status webhook for the
// template name/language (id as Meta's number) with event and category.
func postTemplateStatus(t *testing.T, f *fixture, id, name, event, category string) {
	t.Helper()
	value := `{"event":"` + event + `","message_template_id":` + id + `,"message_template_name":"` + name +
		`","message_template_language":"pt_BR","reason":"NONE"`
	if category != "" {
		value += `,"message_template_category":"` + category + `"`
	}
	body := templateChange("message_template_status_update", value+"}")
	if resp, events := handle(t, f.plugin, signed(sim.DemoAppSecret, body)); resp.StatusCode() != 200 || len(events) != 0 {
		t.Fatalf("status %d, events %v", resp.StatusCode(), events)
	}
}

// listed returns the catalog's templates named name, listed without a sync.
func listed(t *testing.T, f *fixture, filter map[string]any, name string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, v := range invoke(t, f.plugin, ActionTemplatesList, filter).Values["templates"].([]any) {
		if m := v.(map[string]any); m["name"] == name {
			out = append(out, m)
		}
	}
	return out
}

// TestTemplateStatusAddsNewTemplate: a template created after the sync
// shows as soon as its status webhook arrives, without another sync, and
// a later quality webhook updates it.
func TestTemplateStatusAddsNewTemplate(t *testing.T) {
	f := newFixture(t, nil, nil)
	synced := invoke(t, f.plugin, ActionTemplatesSync, nil)
	postTemplateStatus(t, f, "987654321012345", "aviso_entrega", "APPROVED", "UTILITY")

	got := listed(t, f, map[string]any{"status": "APPROVED"}, "aviso_entrega")
	want := map[string]any{"id": "987654321012345", "name": "aviso_entrega", "language": "pt_BR", "status": "APPROVED",
		"category": "UTILITY", "quality": "UNKNOWN", "header": ""}
	if len(got) != 1 || fmt.Sprint(got[0]) != fmt.Sprint(want) {
		t.Fatalf("aviso_entrega after its status webhook: %v", got)
	}
	out := invoke(t, f.plugin, ActionTemplatesList, nil)
	if out.Values["count"] != synced.Values["count"].(int)+1 || out.Values["synced_at"] != synced.Values["synced_at"] {
		t.Errorf("catalog after the webhook: count %v synced_at %v, synced %v at %v", out.Values["count"],
			out.Values["synced_at"], synced.Values["count"], synced.Values["synced_at"])
	}
	body := templateChange("message_template_quality_update", `{"previous_quality_score":"UNKNOWN","new_quality_score":"GREEN",`+
		`"message_template_id":987654321012345,"message_template_name":"aviso_entrega","message_template_language":"pt_BR"}`)
	handle(t, f.plugin, signed(sim.DemoAppSecret, body))
	if got := listed(t, f, nil, "aviso_entrega"); len(got) != 1 || got[0]["quality"] != "GREEN" {
		t.Errorf("aviso_entrega after its quality webhook: %v", got)
	}
	if n := f.served("GET /v21.0/" + sim.DemoWABAID + "/message_templates"); n != 1 {
		t.Errorf("%d template pages fetched, want the one sync's", n)
	}
}

// TestTemplateStatusEvents: REINSTATED makes a template APPROVED again;
// every other event is kept as Meta sends it, for known and new templates.
func TestTemplateStatusEvents(t *testing.T) {
	for _, tc := range []struct{ name, events, want string }{
		{"reinstated after a pause", "PAUSED REINSTATED", "APPROVED"},
		{"reinstated unknown template", "REINSTATED", "APPROVED"},
		{"paused", "PAUSED", "PAUSED"},
		{"disabled", "DISABLED", "DISABLED"},
		{"rejected", "REJECTED", "REJECTED"},
		{"pending deletion", "PENDING_DELETION", "PENDING_DELETION"},
		{"deleted", "DELETED", "DELETED"},
	} {
		for _, name := range []string{"boas_vindas", "nova_" + strings.ReplaceAll(tc.name, " ", "_")} {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				f := newFixture(t, nil, nil)
				invoke(t, f.plugin, ActionTemplatesSync, nil)
				for ev := range strings.FieldsSeq(tc.events) {
					postTemplateStatus(t, f, "0", name, ev, "")
				}
				got := listed(t, f, nil, name)
				if len(got) != 1 || got[0]["status"] != tc.want {
					t.Fatalf("%s after %s: %v, want status %s", name, tc.events, got, tc.want)
				}
				approved := len(listed(t, f, map[string]any{"status": "APPROVED"}, name)) == 1
				if approved != (tc.want == "APPROVED") {
					t.Errorf("%s listed as APPROVED: %v", name, approved)
				}
			})
		}
	}
}

// TestTemplateStatusBeforeSync: a status webhook before any sync stores
// no partial catalog; the first list syncs every template.
func TestTemplateStatusBeforeSync(t *testing.T) {
	f := newFixture(t, nil, nil)
	postTemplateStatus(t, f, "987654321012345", "aviso_entrega", "APPROVED", "UTILITY")
	if out := invoke(t, f.plugin, ActionTemplatesList, nil); out.Values["count"] != 7 {
		t.Errorf("first list after a webhook: %v templates, want the 7 synced", out.Values["count"])
	}
}
