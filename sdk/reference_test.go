package sdk

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestReferenceGolden(t *testing.T) {
	got := Reference(sampleManifest())
	golden := filepath.Join("testdata", "reference.golden.md")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestReferenceGolden -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("Reference differs from %s; rerun with -update if the change is intended.\ngot:\n%s", golden, got)
	}
}
