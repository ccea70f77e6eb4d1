package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/masteria/masteria/core/engine"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/plugin"
)

func runFlow(args []string) int {
	if helpFor(args, "masteria flow lint|test FILE...") {
		return 0
	}
	if len(args) < 2 || (args[0] != "lint" && args[0] != "test") {
		return fail(fmt.Errorf("usage: masteria flow lint|test FILE..."))
	}
	if args[0] == "test" {
		return flowTest(args[1:])
	}
	cat, err := shippedCatalog()
	if err != nil {
		return fail(err)
	}
	problems, err := flow.LintFiles(args[1:], cat, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "masteria:", err)
	}
	if problems > 0 || err != nil {
		return 1
	}
	return 0
}

// flowTest runs each file's tests: and prints a line per test; exit 1 when
// any fails or a file does not parse.
func flowTest(files []string) int {
	passed, failed := 0, 0
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "masteria:", err)
			failed++
			continue
		}
		f, diags := flow.Parse(file, src)
		if len(diags) > 0 {
			fmt.Print(flow.FormatDiagnostics(diags))
			failed++
			continue
		}
		results, err := engine.RunTests(context.Background(), f)
		if err != nil {
			fmt.Printf("FAIL %s: %v\n", file, err)
			failed++
			continue
		}
		for _, r := range results {
			if r.Passed {
				passed++
				fmt.Printf("PASS %s: %s\n", file, r.Name)
				continue
			}
			failed++
			fmt.Printf("FAIL %s: %s\n    %s\n", file, r.Name, strings.Join(r.Problems, "\n    "))
		}
	}
	fmt.Printf("%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return 1
	}
	return 0
}

// shippedCatalog is the core steps plus the shipped plugins' actions.
func shippedCatalog() (*flow.Registry, error) {
	m := plugin.NewManager(nil, nil, nil)
	for _, id := range shippedIDs() {
		if err := m.Register(shipped[id]); err != nil {
			return nil, err
		}
	}
	return m.Catalog()
}
