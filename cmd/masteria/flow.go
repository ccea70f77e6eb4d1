package main

import (
	"fmt"
	"os"

	"github.com/masteria/masteria/core/flow"
)

func runFlow(args []string) int {
	if len(args) < 2 || args[0] != "lint" {
		return fail(fmt.Errorf("usage: masteria flow lint FILE..."))
	}
	problems, err := flow.LintFiles(args[1:], flow.NewCoreRegistry(), os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "masteria:", err)
	}
	if problems > 0 || err != nil {
		return 1
	}
	return 0
}
