package engine

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/netguard"
	"github.com/masteria/masteria/sdk"
)

// TestHTTPRequestKeepsOffTheServersNetworks: a flow's http.request to a
// loopback server is refused for good (no retry), saying how the operator
// allows the host; once allowed, the same call answers.
func TestHTTPRequestKeepsOffTheServersNetworks(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits++
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"status":"entregue"}`))
	}))
	defer srv.Close()
	call := Call{Input: map[string]any{"url": srv.URL + "/api/orders?phone=+5511987650001"}}

	_, err := httpRequest(context.Background(), GuardedHTTPClient(nil), call)
	if !errors.Is(err, netguard.ErrPrivateAddress) || !strings.Contains(err.Error(), "egress_allow_hosts") {
		t.Fatalf("a loopback URL: %v", err)
	}
	if c, _, _ := sdk.ClassOf(err); c != sdk.ClassPermanent {
		t.Fatalf("a refused host is %v, want permanent", c)
	}
	if hits != 0 {
		t.Fatalf("the guarded request reached the server %d times", hits)
	}

	res, err := httpRequest(context.Background(), GuardedHTTPClient([]string{strings.TrimPrefix(srv.URL, "http://")}), call)
	if err != nil || hits != 1 {
		t.Fatalf("an allowed host: %v (hits %d)", err, hits)
	}
	if body, _ := res.Output["body"].(map[string]any); body["status"] != "entregue" {
		t.Fatalf("output: %+v", res.Output)
	}
}
