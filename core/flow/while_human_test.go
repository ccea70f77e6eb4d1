package flow

import (
	"strings"
	"testing"
)

// TestWhileHumanLint: trigger.while_human is a boolean of message.received
// triggers only.
func TestWhileHumanLint(t *testing.T) {
	cases := []struct {
		name, trigger, want string
	}{
		{"true", "on: message.received\n  while_human: true", ""},
		{"false", "on: message.received\n  while_human: false", ""},
		{"text", "on: message.received\n  while_human: \"yes\"", "invalid-type: want a boolean, got a string (at trigger.while_human)"},
		{"list", "on: message.received\n  while_human: [true]", "invalid-type: want a boolean, got a list (at trigger.while_human)"},
		{"number", "on: message.received\n  while_human: 1", "invalid-type: want a boolean, got a number (at trigger.while_human)"},
		{"other trigger", "on: schedule\n  cron: \"@daily\"\n  while_human: true", "unknown-key: trigger schedule does not take while_human"},
	}
	cat := testCatalog(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "version: 1\nname: tagger\ntrigger:\n  " + c.trigger + "\nsteps:\n  - id: one\n    uses: end\n"
			got := FormatDiagnostics(Lint("f.yaml", []byte(src), cat))
			if c.want == "" && got != "" || !strings.Contains(got, c.want) {
				t.Fatalf("lint: %q, want %q", got, c.want)
			}
		})
	}
	f, diags := Parse("f.yaml", []byte("version: 1\nname: tagger\ntrigger:\n  on: message.received\n  while_human: true\nsteps:\n  - id: one\n    uses: end\n"))
	if len(diags) > 0 || !f.Trigger.WhileHuman {
		t.Fatalf("parse: %+v %v", f.Trigger, diags)
	}
}
