package whatsappcloud

import (
	"context"
	"fmt"
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
	for i := range 124 {
		if err := f.sim.PutTemplate(sim.DemoWABAID, sim.Template{Name: fmt.Sprintf("bulk_%03d", i), Language: "pt_BR",
			Category: "MARKETING", Status: "PENDING", Components: []sim.TemplateComponent{{Type: "BODY", Text: "x"}}}); err != nil {
			t.Fatal(err)
		}
	}
	list := invoke(t, f.plugin, ActionTemplatesList, map[string]any{"status": "APPROVED"}) // syncs first
	if list.Values["count"] != 4 {
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
	change := func(field, value string) []byte {
		return []byte(`{"object":"whatsapp_business_account","entry":[{"id":"` + sim.DemoWABAID +
			`","changes":[{"field":"` + field + `","value":` + value + `}]}]}`)
	}
	for _, body := range [][]byte{
		change("message_template_status_update", `{"event":"PAUSED","message_template_id":0,"message_template_name":"boas_vindas","message_template_language":"pt_BR","reason":"LOW_QUALITY"}`),
		change("message_template_quality_update", `{"previous_quality_score":"YELLOW","new_quality_score":"RED","message_template_id":0,"message_template_name":"boas_vindas","message_template_language":"pt_BR"}`),
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
