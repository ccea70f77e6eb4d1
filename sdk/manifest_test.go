package sdk

import (
	"errors"
	"testing"
)

func TestSampleManifestIsValid(t *testing.T) {
	if err := sampleManifest().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestManifestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Manifest)
		path   string
		code   string
	}{
		{"empty id", func(m *Manifest) { m.ID = "" }, "id", CodeRequired},
		{"bad id", func(m *Manifest) { m.ID = "WhatsApp Cloud" }, "id", CodeFormat},
		{"bad semver", func(m *Manifest) { m.Version = "v1.2" }, "version", CodeFormat},
		{"runtime", func(m *Manifest) { m.Runtime = "lua" }, "runtime", CodeEnum},
		{"title", func(m *Manifest) { m.Title = " " }, "title", CodeRequired},
		{"duplicate namespace", func(m *Manifest) { m.Namespaces = []string{"whatsapp", "whatsapp"} }, "namespaces[1]", CodeDuplicate},
		{"empty action id", func(m *Manifest) { m.Actions[0].ID = "" }, "actions[0].id", CodeRequired},
		{"undotted action id", func(m *Manifest) { m.Actions[0].ID = "send" }, "actions[0].id", CodeFormat},
		{"action outside namespace", func(m *Manifest) { m.Actions[0].ID = "sms.send" }, "actions[0].id", CodeInvalid},
		{"duplicate action", func(m *Manifest) { m.Actions = append(m.Actions, m.Actions[0]) }, "actions[1].id", CodeDuplicate},
		{"action title", func(m *Manifest) { m.Actions[0].Title = "" }, "actions[0].title", CodeRequired},
		{"event outside namespace", func(m *Manifest) { m.Events[1].Subject = "sms.status" }, "events[1].subject", CodeInvalid},
		{"unknown capability", func(m *Manifest) { m.Channel.Capabilities = []Capability{"fax"} }, "channel.capabilities[0]", CodeEnum},
		{"no capabilities", func(m *Manifest) { m.Channel.Capabilities = nil }, "channel.capabilities", CodeRequired},
		{"bad host", func(m *Manifest) { m.Permissions.Hosts = []string{"https://graph.facebook.com"} }, "permissions.hosts[0]", CodeFormat},
		{"unknown service", func(m *Manifest) { m.Permissions.Services = append(m.Permissions.Services, "fs") }, "permissions.services[5]", CodeEnum},
		{"hosts without http", func(m *Manifest) { m.Permissions.Services = []Service{ServiceKV} }, "permissions.services", CodeInvalid},
		{"bad field name", func(m *Manifest) { m.Config = append(m.Config, NewStringField("bad-name")) }, "config[6]", CodeFormat},
		{"duplicate field", func(m *Manifest) { m.Config = append(m.Config, NewStringField("token")) }, "config.token", CodeDuplicate},
		{"secret int", func(m *Manifest) { m.Config = Fields{NewIntField("pin").Secret()} }, "config.pin", CodeInvalid},
		{"required with default", func(m *Manifest) { m.Config = Fields{NewIntField("n").Default(1).Required()} }, "config.n", CodeInvalid},
		{"bad default", func(m *Manifest) { m.Config = Fields{NewDurationField("d").Default("soon")} }, "config.d", CodeInvalid},
		{"bad example", func(m *Manifest) { m.Config = Fields{NewIntField("n").Example("x")} }, "config.n", CodeInvalid},
		{"empty enum", func(m *Manifest) { m.Config = Fields{NewEnumField("e")} }, "config.e", CodeInvalid},
		{"empty object", func(m *Manifest) { m.Config = Fields{NewObjectField("o")} }, "config.o", CodeInvalid},
		{"nested input field", func(m *Manifest) {
			m.Actions[0].Input = Fields{NewListField("items", NewObjectField("", NewStringField("")))}
		}, "actions[0].input.items[][0]", CodeFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sampleManifest()
			tt.change(&m)
			err := m.Validate()
			if !hasFieldError(err, tt.path, tt.code) {
				t.Errorf("want %s (%s), got:\n%v", tt.path, tt.code, err)
			}
		})
	}
}

func TestManifestReportsEverything(t *testing.T) {
	m := Manifest{Namespaces: []string{"x"}, Actions: []ActionSpec{{ID: "y.z"}}}
	err := m.Validate()
	for _, path := range []string{"id", "version", "runtime", "title", "actions[0].id", "actions[0].title"} {
		if !hasFieldError(err, path, "") {
			t.Errorf("missing a problem at %s in:\n%v", path, err)
		}
	}
}

func hasFieldError(err error, path, code string) bool {
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		return false
	}
	for _, e := range joined.Unwrap() {
		var fe FieldError
		if errors.As(e, &fe) && fe.Path == path && (code == "" || fe.Code == code) {
			return true
		}
	}
	return false
}
