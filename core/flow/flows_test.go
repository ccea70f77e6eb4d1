package flow

import (
	"os"
	"path/filepath"
	"testing"
)

// templateFlows lists the built-in template library.
func templateFlows(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "flows", "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no template flows found: %v", err)
	}
	return paths
}

// Every built-in template must lint clean against the core steps plus the
// plugins they use.
func TestTemplateFlowsLintClean(t *testing.T) {
	cat := testCatalog(t)
	for _, path := range templateFlows(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range Lint(path, src, cat) {
				t.Error(d)
			}
		})
	}
}
