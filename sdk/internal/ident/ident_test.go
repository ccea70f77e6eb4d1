package ident

import "testing"

func TestGrammar(t *testing.T) {
	tests := []struct {
		name  string
		check func(string) bool
		in    string
		want  bool
	}{
		{"plugin simple", PluginID, "whatsapp-cloud", true},
		{"plugin digits", PluginID, "retell2", true},
		{"plugin upper", PluginID, "WhatsApp", false},
		{"plugin leading hyphen", PluginID, "-x", false},
		{"plugin double hyphen", PluginID, "a--b", false},
		{"plugin dot", PluginID, "a.b", false},
		{"plugin empty", PluginID, "", false},
		{"namespace", Namespace, "whatsapp", true},
		{"namespace underscore", Namespace, "open_ai", true},
		{"namespace hyphen", Namespace, "open-ai", false},
		{"dotted", Dotted, "whatsapp.send", true},
		{"dotted deep", Dotted, "kanban.card.moved", true},
		{"dotted single", Dotted, "send", false},
		{"dotted empty segment", Dotted, "a..b", false},
		{"dotted upper", Dotted, "a.Send", false},
		{"field", FieldName, "phone_number_id", true},
		{"field camel", FieldName, "phoneNumber", true},
		{"field leading digit", FieldName, "1x", false},
		{"field dash", FieldName, "a-b", false},
		{"semver", Semver, "1.2.3", true},
		{"semver pre+build", Semver, "1.0.0-rc.1+build.5", true},
		{"semver v prefix", Semver, "v1.2.3", false},
		{"semver short", Semver, "1.2", false},
		{"semver leading zero", Semver, "01.2.3", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.check(tt.in); got != tt.want {
				t.Errorf("%q: got %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestNamespaceOf(t *testing.T) {
	if got := NamespaceOf("whatsapp.send"); got != "whatsapp" {
		t.Errorf("got %q", got)
	}
}
