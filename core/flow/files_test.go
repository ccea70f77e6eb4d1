package flow

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestLintFiles(t *testing.T) {
	cat := testCatalog(t)
	clean := filepath.Join("..", "..", "flows", "qualify-whatsapp-leads.yaml")
	broken := filepath.Join("testdata", "lint", "dangling-reference.yaml")
	missing := filepath.Join("testdata", "no-such-flow.yaml")

	var out strings.Builder
	n, err := LintFiles([]string{clean, broken, missing}, cat, &out)
	if err == nil || !strings.Contains(err.Error(), "no-such-flow.yaml") {
		t.Errorf("err = %v, want the unreadable file named", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if n != 5 || len(lines) != n {
		t.Fatalf("LintFiles reported %d problems in %d lines, want 5:\n%s", n, len(lines), out.String())
	}
	for _, line := range lines {
		if !strings.HasPrefix(line, broken+":") || !strings.Contains(line, ": dangling-reference: ") {
			t.Errorf("unexpected line %q", line)
		}
	}

	out.Reset()
	if n, err := LintFiles([]string{clean}, cat, &out); n != 0 || err != nil || out.Len() != 0 {
		t.Errorf("clean flow: n=%d err=%v output=%q", n, err, out.String())
	}
}

func TestDiagnosticString(t *testing.T) {
	d := Diagnostic{File: "f.yaml", Line: 3, Col: 7, Code: CodeUnknownStep, Path: "steps[2].with.text", Message: "no step has id \"x\""}
	want := `f.yaml:3:7: unknown-step: no step has id "x" (at steps[2].with.text)`
	if got := d.String(); got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
	d.Path = ""
	if got := d.String(); strings.Contains(got, "(at") {
		t.Errorf("String() without a path = %s", got)
	}
}
