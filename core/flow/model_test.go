package flow

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"
)

// A parsed flow marshals back to YAML that parses to the same model, x-ui
// blocks included, so the editor can save what it loaded without loss.
func TestFlowRoundTrip(t *testing.T) {
	cat := testCatalog(t)
	for _, path := range templateFlows(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			first, diags := Parse(path, src)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			out, err := yaml.Marshal(first)
			if err != nil {
				t.Fatal(err)
			}
			if diags := Lint(path, out, cat); len(diags) > 0 {
				t.Fatalf("re-encoded flow does not lint clean: %v\n%s", diags, out)
			}
			second, _ := Parse(path, out)
			if !reflect.DeepEqual(plain(t, first), plain(t, second)) {
				t.Errorf("round trip changed the flow:\n%s", out)
			}
		})
	}
}

// plain is the flow as generic YAML values, without source positions.
func plain(t *testing.T, f *Flow) any {
	t.Helper()
	out, err := yaml.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := yaml.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestParseKeepsPositions(t *testing.T) {
	src := []byte("version: 1\nname: p\ntrigger: { on: manual }\nsteps:\n  - id: a\n    uses: kanban.move\n    with: { board: B, stage: S }\n    next: end\n    x-ui: { x: 10, y: 20 }\n")
	f, diags := Parse("p.yaml", src)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	s := f.Steps[0]
	checks := []struct {
		name string
		got  Pos
		want Pos
	}{
		{"step", s.At.Pos, Pos{5, 5}},
		{"next key", s.At.KeyOf("next"), Pos{8, 5}},
		{"next value", s.At.ValueOf("next"), Pos{8, 11}},
		{"trigger.on", f.Trigger.At.ValueOf("on"), Pos{3, 16}},
		{"with", nodePos(s.With), Pos{7, 11}},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s at %v, want %v", c.name, c.got, c.want)
		}
	}
	if s.UI == nil || s.UI.Kind != yaml.MappingNode || len(s.UI.Content) != 4 {
		t.Errorf("x-ui not kept: %#v", s.UI)
	}
	if s.Kind() != KindAction || s.Next != End {
		t.Errorf("kind %v next %q", s.Kind(), s.Next)
	}
}
