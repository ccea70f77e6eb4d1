package main

import (
	"strings"
	"testing"
)

// TestServeEgressHostsFlag: serve's --egress-allow-hosts goes through the
// same check as the variable and the file's key.
func TestServeEgressHostsFlag(t *testing.T) {
	_, errOut, code := masteria(t, nil, "serve", "--data", t.TempDir(), "--egress-allow-hosts", "127.0.0.1:9100,http://127.0.0.1:9200")
	if code != 1 || !strings.Contains(errOut, `egress_allow_hosts: "http://127.0.0.1:9200"`) {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}
