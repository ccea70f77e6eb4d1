package api

import (
	"strings"
	"testing"
)

// TestConnectWebhooks: connecting a connection's webhooks hands its public
// URL to the plugin, which sets it at its provider; without a public URL,
// for a plugin that cannot, or for a connection without webhooks, it is a
// conflict saying what to do; the provider's refusal and failure keep the
// plugin's reason; it needs the admin role.
func TestConnectWebhooks(t *testing.T) {
	h := newHarness(t)
	key := h.workspace("hooks").APIKey
	create := func(plugin, name string, cfg map[string]string) string {
		t.Helper()
		res := h.do("POST", "/api/v1/connections", key, map[string]any{"plugin_id": plugin, "name": name, "config": cfg})
		if res.Status != 201 {
			t.Fatalf("create %s: %d %s", name, res.Status, res.Body)
		}
		return res.json(t)["id"].(string)
	}
	good := create("hookset", "good", map[string]string{"account": "acme"})
	connect := func(id, apiKey string) reply {
		return h.do("POST", "/api/v1/connections/"+id+"/webhooks/connect", apiKey, nil)
	}

	if res := connect(good, key); res.Status != 409 || res.errorCode(t) != "conflict" || !strings.Contains(string(res.Body), "public_url") {
		t.Fatalf("without a public URL: %d %s", res.Status, res.Body)
	}
	h.api.Plugins.PublicURL = "https://app.example.com/"
	res := connect(good, key)
	if got := res.json(t); res.Status != 200 || got["url"] != "https://app.example.com/hooks/"+good || got["target"] != "account acme" || got["connection_id"] != good {
		t.Fatalf("connect: %d %s", res.Status, res.Body)
	}

	for _, tc := range []struct {
		name, id, code, says string
		status               int
	}{
		{"a plugin that cannot", create("gate", "gate", nil), "conflict", "cannot set its provider's webhooks itself: point them at https://app.example.com/hooks/", 409},
		{"a connection without webhooks", create("notes", "notes", map[string]string{"token": "t"}), "conflict", "Notes connections take no webhooks", 409},
		{"the provider refusing", create("hookset", "refused", map[string]string{"account": "refused"}), "provider_refused", "the provider refused the account's token", 422},
		{"the provider failing", create("hookset", "down", map[string]string{"account": "down"}), "provider_unavailable", "the provider did not answer", 502},
		{"the provider throttling", create("hookset", "busy", map[string]string{"account": "busy"}), "rate_limited", "slow down", 429},
		{"an unknown connection", "con_missing", "not_found", "", 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := connect(tc.id, key)
			if res.Status != tc.status || res.errorCode(t) != tc.code || !strings.Contains(string(res.Body), tc.says) {
				t.Fatalf("%d %s", res.Status, res.Body)
			}
		})
	}

	viewer := h.do("POST", "/api/v1/api-keys", key, map[string]string{"name": "v", "role": "viewer"}).json(t)["key"].(string)
	if res := connect(good, viewer); res.Status != 403 {
		t.Fatalf("a viewer connected webhooks: %d %s", res.Status, res.Body)
	}
}
