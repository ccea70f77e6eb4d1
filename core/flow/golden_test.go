package flow

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files from the current output")

// golden compares got with the named file, or rewrites it under -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s is out of date (run go test ./core/flow -update)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// TestLintGolden runs one file per rule: testdata/lint/<code>.yaml must
// report only <code>, exactly as <code>.golden records.
func TestLintGolden(t *testing.T) {
	cat := testCatalog(t)
	for _, c := range Codes() {
		t.Run(c.Code, func(t *testing.T) {
			path := filepath.Join("testdata", "lint", c.Code+".yaml")
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("every lint code needs a golden case: %v", err)
			}
			diags := Lint(filepath.ToSlash(path), src, cat)
			if len(diags) == 0 {
				t.Fatalf("%s reports nothing", path)
			}
			for _, d := range diags {
				if d.Code != c.Code {
					t.Errorf("%s should only exercise %s, got: %s", path, c.Code, d)
				}
			}
			golden(t, strings.TrimSuffix(path, ".yaml")+".golden", FormatDiagnostics(diags))
		})
	}
}

func TestGoldenFilesMatchCodes(t *testing.T) {
	known := map[string]bool{}
	for _, c := range Codes() {
		known[c.Code] = true
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "lint", "*.yaml"))
	for _, f := range files {
		if code := strings.TrimSuffix(filepath.Base(f), ".yaml"); !known[code] {
			t.Errorf("%s is named after no lint code", f)
		}
	}
}
