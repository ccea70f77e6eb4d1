package sdk

import (
	"errors"
	"strings"
	"testing"
)

type manifestPlugin struct {
	Base
	m Manifest
}

func (p manifestPlugin) Manifest() Manifest { return p.m }

func factoryFor(m Manifest) Factory { return func() Plugin { return manifestPlugin{m: m} } }

func TestRegister(t *testing.T) {
	other := sampleManifest()
	other.ID = "whatsapp-web"
	emptyAction := sampleManifest()
	emptyAction.ID, emptyAction.Actions[0].ID = "p2", ""
	twice := sampleManifest()
	twice.ID, twice.Actions[0].ID = "p3", "whatsapp.reply"
	twice.Actions = append(twice.Actions, twice.Actions[0])
	invalid := sampleManifest()
	invalid.ID, invalid.Version = "other", "1"
	tests := []struct {
		name string
		f    Factory
		want error // nil: only check that it fails
	}{
		{"nil factory", nil, nil},
		{"nil plugin", func() Plugin { return nil }, nil},
		{"empty plugin ID", factoryFor(Manifest{}), ErrEmptyID},
		{"duplicate plugin ID", factoryFor(sampleManifest()), ErrDuplicateID},
		{"action taken by another plugin", factoryFor(other), ErrDuplicateID},
		{"empty action ID", factoryFor(emptyAction), ErrEmptyID},
		{"action declared twice", factoryFor(twice), ErrDuplicateID},
		{"invalid manifest", factoryFor(invalid), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRegistry()
			r.MustRegister(factoryFor(sampleManifest()))
			err := r.Register(tt.f)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if len(r.Manifests()) != 1 {
				t.Error("a failed Register changed the registry")
			}
		})
	}
}

func TestRegistryLookups(t *testing.T) {
	r := NewRegistry()
	r.MustRegister(factoryFor(sampleManifest()))
	if _, m, ok := r.Plugin("whatsapp-cloud"); !ok || m.Version != "1.2.0" {
		t.Error("Plugin lookup failed")
	}
	if id, spec, ok := r.Action("whatsapp.send"); !ok || id != "whatsapp-cloud" || spec.Title != "Send a message" {
		t.Error("Action lookup failed")
	}
	if _, _, ok := r.Action("sms.send"); ok {
		t.Error("unknown action found")
	}
}

func TestMustRegisterPanicsLoudly(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(error).Error(), "empty ID") {
			t.Errorf("recovered %v", r)
		}
	}()
	NewRegistry().MustRegister(factoryFor(Manifest{}))
}
