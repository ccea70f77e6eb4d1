package flow

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzLint proves the parser and linter never panic on arbitrary bytes and
// always report well-formed, sorted diagnostics with known codes.
func FuzzLint(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "lint", "*.yaml"))
	flows, _ := filepath.Glob(filepath.Join("..", "..", "flows", "*.yaml"))
	for _, path := range append(seeds, flows...) {
		if src, err := os.ReadFile(path); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte(""))
	f.Add([]byte("a: &a [*a]"))
	f.Add([]byte("<<: {version: 1}\nname: x"))
	cat := testCatalog(f)
	known := map[string]bool{}
	for _, c := range Codes() {
		known[c.Code] = true
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		diags := Lint("fuzz.yaml", src, cat)
		for _, d := range diags {
			if d.Line < 1 || d.Col < 1 || !known[d.Code] || d.Message == "" {
				t.Fatalf("malformed diagnostic %#v", d)
			}
		}
		if !slices.IsSortedFunc(diags, compareDiagnostics) {
			t.Fatalf("diagnostics not sorted: %v", diags)
		}
	})
}

// FuzzExpression feeds arbitrary condition and template text, as a flow
// author or the editor may send, through the expression checks.
func FuzzExpression(f *testing.F) {
	for _, s := range []string{`contact.first_name == "Ana"`, `steps.answer.output.x`, `params.limit > 2`,
		`Oi {{ contact.first_name }}`, `{{ now.Hour() }}`, `{{ {a: 1} }}`, `{{`, `}}{{`, `"x" matches "("`} {
		f.Add(s)
	}
	l := envLinter(f)
	f.Fuzz(func(t *testing.T, src string) {
		l.diags = nil
		site := exprSite{at: Pos{1, 1}, text: src, path: "x", step: 1}
		l.checkCondition(site)
		l.checkTemplates(site)
		for _, d := range l.diags {
			if d.Line < 1 || d.Col < 1 {
				t.Fatalf("bad position %#v", d)
			}
		}
	})
}

// FuzzParseDuration checks the duration reader never panics and never
// returns a negative or over-long duration.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90s", "1h30m", "2d", "1.5w", "", "9999999999999999999999h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err == nil && (d < 0 || d > maxDuration) {
			t.Fatalf("ParseDuration(%q) = %v", s, d)
		}
	})
}
