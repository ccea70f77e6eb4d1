package sim

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestTemplateWebhooks: each template change is stored (what the
// template list then shows) and announced with the webhook field and
// value Meta documents, to the app's callback even when the account
// overrides its messages callback.
func TestTemplateWebhooks(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Accounts[0].WebhookURL = "http://127.0.0.1:1/override" })
	const name, lang = "pedido_confirmado", "pt_BR"
	steps := []struct {
		do    func() error
		field string
		want  map[string]any
	}{
		{func() error { return f.sim.SetTemplateStatus(DemoWABAID, name, lang, "REJECTED", "INCORRECT_CATEGORY") },
			"message_template_status_update", map[string]any{"event": "REJECTED", "reason": "INCORRECT_CATEGORY", "message_template_category": "UTILITY"}},
		{func() error { return f.sim.SetTemplateStatus(DemoWABAID, name, lang, "REINSTATED", "") },
			"message_template_status_update", map[string]any{"event": "REINSTATED", "reason": "NONE", "message_template_category": "UTILITY"}},
		{func() error { return f.sim.SetTemplateQuality(DemoWABAID, name, lang, "RED") },
			"message_template_quality_update", map[string]any{"previous_quality_score": "GREEN", "new_quality_score": "RED"}},
		{func() error { return f.sim.SetTemplateCategory(DemoWABAID, name, lang, "MARKETING") },
			"template_category_update", map[string]any{"previous_category": "UTILITY", "new_category": "MARKETING"}},
		{func() error {
			return f.sim.EditTemplate(DemoWABAID, name, lang, []TemplateComponent{{Type: "HEADER", Format: "TEXT", Text: "Pedido"},
				{Type: "BODY", Text: "Oi {{1}}!"}, {Type: "FOOTER", Text: "Loja"}, {Type: "BUTTONS", Buttons: []TemplateButton{
					{Type: "QUICK_REPLY", Text: "Ok"}, {Type: "URL", Text: "Ver", URL: "https://loja.example/p/{{1}}"}}}})
		}, "message_template_components_update", map[string]any{"message_template_element": "Oi {{1}}!", "message_template_title": "Pedido",
			"message_template_footer": "Loja", "message_template_buttons": []any{map[string]any{"message_template_button_type": "URL",
				"message_template_button_text": "Ver", "message_template_button_url": "https://loja.example/p/{{1}}"}}}},
	}
	for i, st := range steps {
		if err := st.do(); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(0)
		got := f.hooks.notifications()
		if len(got) != i+1 {
			t.Fatalf("step %d: %d webhooks", i, len(got))
		}
		n := got[i]
		value, _ := dig(n, "entry", 0, "changes", 0, "value").(map[string]any)
		id, _ := value["message_template_id"].(float64) // a JSON number, as Meta sends it
		delete(value, "message_template_id")
		st.want["message_template_name"], st.want["message_template_language"] = name, lang
		if dig(n, "entry", 0, "changes", 0, "field") != st.field || dig(n, "entry", 0, "id") != DemoWABAID || id == 0 ||
			dig(n, "entry", 0, "time") == nil || !reflect.DeepEqual(value, st.want) {
			b, _ := json.Marshal(n)
			t.Errorf("step %d: %s", i, b)
		}
	}
	_, body := f.do("GET", "/v21.0/"+DemoWABAID+"/message_templates?fields=name,status,category,quality_score,rejected_reason,components&name="+name, DemoAccessToken, nil, "")
	listed := decode(t, body)
	if dig(listed, "data", 0, "status") != "APPROVED" || dig(listed, "data", 0, "category") != "MARKETING" ||
		dig(listed, "data", 0, "quality_score", "score") != "RED" || dig(listed, "data", 0, "rejected_reason") != "NONE" ||
		dig(listed, "data", 0, "components", 1, "text") != "Oi {{1}}!" {
		t.Errorf("listed after the changes: %s", body)
	}
	if err := f.sim.SetTemplateStatus(DemoWABAID, "nao_existe", lang, "PAUSED", ""); err == nil {
		t.Error("an unknown template's status changed")
	}
}
