package api

import (
	"context"
	"strings"
	"testing"
)

// TestConnectionCheck: a check opens the connection with its stored config,
// has the plugin test it against its provider, and records the outcome as
// its status; a viewer may not run it.
func TestConnectionCheck(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("checker")
	key := ws.APIKey
	good := h.do("POST", "/api/v1/connections", key, map[string]any{"plugin_id": "notes", "name": "good", "config": map[string]string{"token": "t"}}).json(t)
	bad := h.do("POST", "/api/v1/connections", key, map[string]any{"plugin_id": "notes", "name": "bad", "config": map[string]string{"token": "invalid"}}).json(t)

	for _, tc := range []struct {
		id, status, detail string
	}{
		{good["id"].(string), "ok", ""},
		{bad["id"].(string), "error", "notes: the token is invalid"},
	} {
		res := h.do("POST", "/api/v1/connections/"+tc.id+"/check", key, nil)
		if res.Status != 200 {
			t.Fatalf("check %s: status %d: %s", tc.id, res.Status, res.Body)
		}
		got := res.json(t)
		detail, _ := got["detail"].(string)
		if got["status"] != tc.status || (tc.detail != "" && !strings.Contains(detail, tc.detail)) || (tc.detail == "" && detail != "") {
			t.Errorf("check %s: status %v detail %q, want %s %q", tc.id, got["status"], detail, tc.status, tc.detail)
		}
		stored := h.do("GET", "/api/v1/connections/"+tc.id, key, nil).json(t)
		if stored["status"] != tc.status {
			t.Errorf("stored status of %s is %v, want %s", tc.id, stored["status"], tc.status)
		}
	}
	if res := h.do("POST", "/api/v1/connections/con_missing/check", key, nil); res.Status != 404 {
		t.Errorf("unknown connection: status %d, want 404", res.Status)
	}
}

// TestConnectionConfigRefusedOnSave: a config the plugin's own Validate
// refuses is refused when it is created or changed, as a 400 naming the
// field, and nothing is stored.
func TestConnectionConfigRefusedOnSave(t *testing.T) {
	h := newHarness(t)
	key := h.workspace("refused").APIKey
	res := h.do("POST", "/api/v1/connections", key, map[string]any{"plugin_id": "notes", "name": "n", "config": map[string]string{"token": "malformed"}})
	if res.Status != 400 || res.errorCode(t) != "invalid_input" || !strings.Contains(string(res.Body), `"config.token":"notes tokens are not malformed"`) {
		t.Fatalf("create: %d %s", res.Status, res.Body)
	}
	if list := h.do("GET", "/api/v1/connections", key, nil); strings.Contains(string(list.Body), `"name":"n"`) {
		t.Fatalf("the refused connection was stored: %s", list.Body)
	}
	id := h.do("POST", "/api/v1/connections", key, map[string]any{"plugin_id": "notes", "name": "n", "config": map[string]string{"token": "t"}}).json(t)["id"].(string)
	res = h.do("PATCH", "/api/v1/connections/"+id, key, map[string]any{"config": map[string]string{"token": "malformed"}})
	if res.Status != 400 || !strings.Contains(string(res.Body), `"config.token"`) {
		t.Fatalf("update: %d %s", res.Status, res.Body)
	}
}

// TestConnectionStatusFromUse: a new connection becomes "ok" when it first
// works (an action that succeeds), written once; a use never overwrites
// what a check found.
func TestConnectionStatusFromUse(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("used")
	key := ws.APIKey
	id := h.do("POST", "/api/v1/connections", key, map[string]any{"plugin_id": "notes", "name": "n", "config": map[string]string{"token": "t"}}).json(t)["id"].(string)
	status := func() any { return h.do("GET", "/api/v1/connections/"+id, key, nil).json(t)["status"] }
	if s := status(); s != "new" {
		t.Fatalf("created as %v", s)
	}
	pm := h.api.Plugins
	echo := func() {
		t.Helper()
		if _, err := pm.InvokeAction(context.Background(), ws.Tenant.ID, "notes.echo", map[string]any{"text": "oi"}, ""); err != nil {
			t.Fatal(err)
		}
	}
	// An action that answers from the plugin's own state says nothing
	// about the connection.
	if _, err := pm.InvokeAction(context.Background(), ws.Tenant.ID, "notes.label", map[string]any{}, ""); err != nil {
		t.Fatal(err)
	}
	if s := status(); s != "new" {
		t.Fatalf("after a local action: %v, want new", s)
	}
	echo()
	if s := status(); s != "ok" {
		t.Fatalf("after a use: %v, want ok", s)
	}

	// A failed check is kept whatever uses follow.
	bad := h.do("POST", "/api/v1/connections", key, map[string]any{"plugin_id": "notes", "name": "bad", "config": map[string]string{"token": "invalid"}}).json(t)["id"].(string)
	if r := h.do("POST", "/api/v1/connections/"+bad+"/check", key, nil).json(t); r["status"] != "error" {
		t.Fatalf("check: %v", r)
	}
	if _, err := pm.InvokeAction(context.Background(), ws.Tenant.ID, "notes.echo", map[string]any{"text": "oi", "connection": "bad"}, ""); err != nil {
		t.Fatal(err)
	}
	if got := h.do("GET", "/api/v1/connections/"+bad, key, nil).json(t); got["status"] != "error" || got["detail"] == "" {
		t.Fatalf("a use overwrote the check's finding: %v", got)
	}
}
