package main

import (
	"strings"
	"testing"
)

// TestHelpExitsZero: asking for help, of the binary or of a command,
// prints it on stdout and exits 0; a bad flag or no command still exits 2.
func TestHelpExitsZero(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "--whatsapp-webhook URL"},
		{[]string{"-h"}, "MASTERIA_EGRESS_ALLOW_HOSTS"},
		{[]string{"help"}, "--faults FILE"},
		{[]string{"serve", "--help"}, "-egress-allow-hosts"},
		{[]string{"migrate", "-h"}, "-data"},
		{[]string{"sim", "--help"}, "-twilio-inbound"},
		{[]string{"tenant", "create", "--help"}, "-password"},
		{[]string{"tenant", "--help"}, "tenant create"},
		{[]string{"secrets", "rotate", "-h"}, "-config"},
		{[]string{"flow", "--help"}, "flow lint|test"},
		{[]string{"plugin", "-h"}, "inspect ID"},
	} {
		out, errOut, code := masteria(t, nil, tc.args...)
		if code != 0 || !strings.Contains(out, tc.want) {
			t.Errorf("masteria %s: exit %d, stdout %q (want %q), stderr %q", strings.Join(tc.args, " "), code, out, tc.want, errOut)
		}
	}
	for _, args := range [][]string{{}, {"nope"}, {"sim", "--bogus"}} {
		if _, errOut, code := masteria(t, nil, args...); code != 2 || errOut == "" {
			t.Errorf("masteria %s: exit %d, stderr %q; want 2 and a message", strings.Join(args, " "), code, errOut)
		}
	}
}
