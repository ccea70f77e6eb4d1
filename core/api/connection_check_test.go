package api

import (
	"strings"
	"testing"
)

// TestConnectionCheck: a check opens the connection with its stored config
// and records the outcome as its status; a viewer may not run it.
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
