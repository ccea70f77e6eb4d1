package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/flow"
)

// TestTemplateLibraryTestsPass runs the tests: of every shipped template.
func TestTemplateLibraryTestsPass(t *testing.T) {
	files, _ := filepath.Glob("../../flows/*.yaml")
	if len(files) == 0 {
		t.Fatal("no templates found")
	}
	ran := 0
	for _, file := range files {
		src, _ := os.ReadFile(file)
		f, diags := flow.Parse(file, src)
		if len(diags) > 0 {
			t.Fatalf("%s: %v", file, diags)
		}
		results, err := RunTests(context.Background(), f)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, r := range results {
			ran++
			if !r.Passed {
				t.Errorf("%s: %s: %s (path %v)", file, r.Name, strings.Join(r.Problems, "; "), r.Path)
			}
		}
	}
	if ran == 0 {
		t.Fatal("the templates carry no tests")
	}
}

func TestAFailingExpectationIsReported(t *testing.T) {
	src := `version: 1
name: t
trigger: {on: manual}
steps:
  - id: a
    uses: set
    with: {x: 1}
  - id: b
    uses: contact.tag
    with: {tag: vip}
tests:
  - name: wrong
    expect: {path: [a], vars: {x: 2}, tags: [gold], status: waiting}
  - name: right
    expect: {path: [a, b], vars: {x: 1}, tags: [vip], status: completed}
`
	f, diags := flow.Parse("t.yaml", []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	res, err := RunTests(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Passed || len(res[0].Problems) != 4 {
		t.Fatalf("wrong test: %+v", res[0].Problems)
	}
	if !res[1].Passed {
		t.Fatalf("right test: %+v", res[1].Problems)
	}
}
