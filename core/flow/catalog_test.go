package flow

import (
	"encoding/json"
	"strings"
	"testing"
)

// testCatalog is the core registry plus fake plugin actions, as a server
// with the WhatsApp, SMS, AI and CRM plugins installed would have.
func testCatalog(t testing.TB) *Registry {
	t.Helper()
	r := NewCoreRegistry()
	for _, spec := range fakePluginSpecs() {
		if err := r.Register(spec); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func fakePluginSpecs() []ActionSpec {
	return []ActionSpec{
		{ID: "whatsapp.send", Title: "Send WhatsApp message", Input: []Field{
			{Name: "to", Type: TypeString, Description: "Recipient."},
			{Name: "text", Type: TypeString, Description: "Message text."},
			{Name: "template", Type: TypeString, Description: "Approved template name."},
			{Name: "media_url", Type: TypeString},
		}, OneOf: [][]string{{"text", "template"}}},
		{ID: "sms.send", Title: "Send SMS", Input: []Field{
			{Name: "text", Type: TypeString, Required: true},
			{Name: "to", Type: TypeString},
		}},
		{ID: "ai.persona", Title: "Answer with an AI persona", Input: []Field{
			{Name: "persona", Type: TypeString, Required: true},
			{Name: "knowledge", Type: TypeList, Items: &Field{Type: TypeString}},
			{Name: "temperature", Type: TypeNumber},
		}, Output: []Field{{Name: "reply", Type: TypeString}, {Name: "intent", Type: TypeString}}},
		{ID: "crm.lead", Title: "Upsert CRM lead", InputSchema: json.RawMessage(`{
			"type": "object",
			"properties": {
				"score": {"type": "integer", "minimum": 0, "maximum": 100},
				"source": {"type": "string", "enum": ["whatsapp", "sms", "site"]}
			},
			"required": ["score"],
			"additionalProperties": false
		}`)},
	}
}

func TestRegisterRejectsBadSpecs(t *testing.T) {
	tests := []struct {
		name string
		spec ActionSpec
		want string
	}{
		{"empty id", ActionSpec{}, "empty ID"},
		{"duplicate id", ActionSpec{ID: "kanban.move"}, "duplicate ID"},
		{"malformed id", ActionSpec{ID: "WhatsApp Send"}, "lowercase words"},
		{"unknown field type", ActionSpec{ID: "x.y", Input: []Field{{Name: "a", Type: "date"}}}, "unknown type"},
		{"duplicate field", ActionSpec{ID: "x.y", Input: []Field{{Name: "a", Type: TypeAny}, {Name: "a", Type: TypeAny}}}, "duplicate name"},
		{"bad pattern", ActionSpec{ID: "x.y", Input: []Field{{Name: "a", Type: TypeString, Pattern: "("}}}, "pattern"},
		{"unknown branch", ActionSpec{ID: "x.y", Branches: []string{"on_fire"}}, "unknown branch"},
		{"one-of unknown input", ActionSpec{ID: "x.y", OneOf: [][]string{{"a"}}}, "unknown input"},
		{"both schemas", ActionSpec{ID: "x.y", Input: []Field{{Name: "a", Type: TypeAny}}, InputSchema: json.RawMessage(`{}`)}, "not both"},
		{"broken schema", ActionSpec{ID: "x.y", InputSchema: json.RawMessage(`{"type": 5}`)}, "InputSchema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := NewCoreRegistry().Register(tt.spec)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Register() = %v, want error containing %q", err, tt.want)
			}
		})
	}
}

func TestRegistriesAreIsolated(t *testing.T) {
	a, b := NewRegistry(), NewRegistry()
	if err := a.Register(ActionSpec{ID: "only.here"}); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Action("only.here"); ok {
		t.Fatal("a spec registered in one registry leaked into another")
	}
	if got := len(NewCoreRegistry().Actions()); got != len(CoreActions()) {
		t.Fatalf("core registry holds %d actions, want %d", got, len(CoreActions()))
	}
}
