package sdk

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// stagePlugin records its lifecycle calls and fails at a chosen stage.
type stagePlugin struct {
	Base
	failAt string
	calls  []string
	host   Host
}

func (p *stagePlugin) Manifest() Manifest {
	m := sampleManifest()
	m.Permissions.Services = []Service{ServiceHTTP}
	return m
}

func (p *stagePlugin) step(name string) error {
	p.calls = append(p.calls, name)
	if p.failAt == name {
		return Auth(errors.New(name + " failed"))
	}
	return nil
}

func (p *stagePlugin) Provision(_ context.Context, c Connection) error {
	p.host = c.Host
	return p.step("provision")
}
func (p *stagePlugin) Validate() error             { return p.step("validate") }
func (p *stagePlugin) Start(context.Context) error { return p.step("start") }
func (p *stagePlugin) Cleanup() error              { return p.step("cleanup") }
func (p *stagePlugin) Actions() map[string]Action  { return nil }
func (p *stagePlugin) config(t *testing.T) *ParsedConfig {
	cfg, err := p.Manifest().Config.Parse(map[string]any{"token": "t", "phone_number_id": "1"})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestOpen(t *testing.T) {
	tests := []struct {
		failAt string
		calls  []string
	}{
		{"", []string{"provision", "validate", "start"}},
		{"provision", []string{"provision", "cleanup"}},
		{"validate", []string{"provision", "validate", "cleanup"}},
		{"start", []string{"provision", "validate", "start", "cleanup"}},
		{"cleanup", []string{"provision", "validate", "start"}},
	}
	for _, tt := range tests {
		t.Run("fail at "+tt.failAt, func(t *testing.T) {
			p := &stagePlugin{failAt: tt.failAt}
			err := Open(context.Background(), p, Connection{Config: p.config(t), Host: Host{KV: fakeKV{}}})
			if !slices.Equal(p.calls, tt.calls) {
				t.Errorf("calls = %v, want %v", p.calls, tt.calls)
			}
			failed := tt.failAt != "" && tt.failAt != "cleanup"
			if (err != nil) != failed {
				t.Fatalf("err = %v", err)
			}
			if c, _, _ := ClassOf(err); failed && c != ClassAuth {
				t.Errorf("class = %v; Open must keep the failure's class", c)
			}
		})
	}
}

func TestOpenRestrictsHost(t *testing.T) {
	p := &stagePlugin{}
	if err := Open(context.Background(), p, Connection{Config: p.config(t), Host: Host{KV: fakeKV{}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.host.KV.Get(context.Background(), "k"); !errors.Is(err, ErrNotPermitted) {
		t.Errorf("undeclared KV reached the plugin: err = %v", err)
	}
}

func TestOpenParsesMissingConfig(t *testing.T) {
	p := &stagePlugin{}
	err := Open(context.Background(), p, Connection{})
	var fe FieldErrors
	if !errors.As(err, &fe) || !fe.Has("token", CodeRequired) {
		t.Errorf("err = %v, want the missing required config", err)
	}
	if !slices.Equal(p.calls, []string{"cleanup"}) {
		t.Errorf("calls = %v, want only cleanup", p.calls)
	}
}

func TestOpenHonoursCancelledContext(t *testing.T) {
	p := &stagePlugin{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Open(ctx, p, Connection{Config: p.config(t)}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if slices.Contains(p.calls, "start") || !slices.Contains(p.calls, "cleanup") {
		t.Errorf("calls = %v", p.calls)
	}
}
