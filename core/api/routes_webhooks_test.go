package api

import (
	"crypto/hmac"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/masteria/masteria/core/webhooks"
)

// TestWebhookEndpointsScenario: an admin registers an endpoint (its secret
// shown once), reads, changes and tests it against a real receiver that
// checks the signature, lists its deliveries, rotates its secret and
// deletes it; lists never show a secret.
func TestWebhookEndpointsScenario(t *testing.T) {
	h := newHarness(t)
	var mu sync.Mutex
	var got []*http.Request
	var bodies [][]byte
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got, bodies = append(got, r), append(bodies, b)
		mu.Unlock()
	}))
	defer recv.Close()
	h.allowWebhooksTo(strings.TrimPrefix(recv.URL, "http://"))
	ws := h.workspace("acme")
	k := ws.APIKey

	types := h.do("GET", "/api/v1/webhook-event-types", k, nil)
	if types.Status != 200 || !strings.Contains(string(types.Body), `{"type":"message.received","group":"messages"}`) {
		t.Fatalf("event types: %d %s", types.Status, types.Body)
	}
	created := h.do("POST", "/api/v1/webhook-endpoints", k, map[string]any{"url": recv.URL + "/erp", "description": "ERP",
		"event_types": []string{"message.received", "conversation.*"}})
	ep := created.json(t)
	secret, _ := ep["secret"].(string)
	if created.Status != 201 || !strings.HasPrefix(secret, "whsec_") || ep["state"] != "enabled" || ep["enabled"] != true {
		t.Fatalf("create: %d %s", created.Status, created.Body)
	}
	id := ep["id"].(string)
	path := "/api/v1/webhook-endpoints/" + id
	for _, r := range []reply{h.do("GET", "/api/v1/webhook-endpoints", k, nil), h.do("GET", path, k, nil)} {
		if r.Status != 200 || strings.Contains(string(r.Body), secret[6:]) || strings.Contains(string(r.Body), `"secret"`) {
			t.Fatalf("a read shows the secret: %d %s", r.Status, r.Body)
		}
	}
	patched := h.do("PATCH", path, k, map[string]any{"enabled": false, "description": "ERP (pausado)"}).json(t)
	if patched["state"] != "disabled" || patched["description"] != "ERP (pausado)" || patched["url"] != recv.URL+"/erp" {
		t.Fatalf("patch: %v", patched)
	}

	test := h.do("POST", path+"/test", k, nil)
	d := test.json(t)
	if test.Status != 200 || d["state"] != "delivered" || d["last_status"] != float64(200) || d["event_type"] != "webhook.test" || d["test"] != true {
		t.Fatalf("test: %d %s", test.Status, test.Body)
	}
	mu.Lock()
	req, body := got[0], bodies[0]
	mu.Unlock()
	ts, _ := strconv.ParseInt(req.Header.Get("webhook-timestamp"), 10, 64)
	want, _ := webhooks.Sign(secret, req.Header.Get("webhook-id"), ts, body)
	if req.URL.Path != "/erp" || req.Header.Get("webhook-id") != d["event_id"] || !hmac.Equal([]byte(req.Header.Get("webhook-signature")), []byte(want)) {
		t.Fatalf("received %s %v", req.URL.Path, req.Header)
	}
	ds := h.do("GET", path+"/deliveries?limit=10", k, nil)
	if ds.Status != 200 || !strings.Contains(string(ds.Body), `"event_type":"webhook.test"`) || strings.Contains(string(ds.Body), "payload") {
		t.Fatalf("deliveries: %d %s", ds.Status, ds.Body)
	}
	if r := h.do("GET", path+"/deliveries?limit=1000", k, nil); r.Status != 400 || r.fieldRefusal(t).Fields["limit"] == "" {
		t.Fatalf("limit: %d %s", r.Status, r.Body)
	}

	redeliverWebhook(t, h, ws.APIKey, h.workspace("other").APIKey, path, d)

	rot := h.do("POST", path+"/rotate-secret", k, nil).json(t)
	if s, _ := rot["secret"].(string); !strings.HasPrefix(s, "whsec_") || s == secret || rot["previous_secret_until"] == nil {
		t.Fatalf("rotate: %v", rot)
	}
	if r := h.do("DELETE", path, k, nil); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	if r := h.do("GET", path, k, nil); r.Status != 404 || r.errorCode(t) != "not_found" {
		t.Fatalf("after delete: %d %s", r.Status, r.Body)
	}
}

// TestWebhookEndpointBadInput: a bad URL, an unknown event type or an
// oversized description is a 400 naming each field, and creates nothing;
// agents may not see or touch endpoints.
func TestWebhookEndpointBadInput(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	k := ws.APIKey
	for name, c := range map[string]struct {
		body   any
		fields []string
	}{
		"plain http":       {map[string]any{"url": "http://hooks.example.com", "event_types": []string{"*"}}, []string{"url"}},
		"private address":  {map[string]any{"url": "https://192.168.0.10/in", "event_types": []string{"*"}}, []string{"url"}},
		"not a URL":        {map[string]any{"url": "hooks", "event_types": []string{"*"}}, []string{"url"}},
		"unknown event":    {map[string]any{"url": "https://hooks.example.com", "event_types": []string{"message.deleted"}}, []string{"event_types"}},
		"no events":        {map[string]any{"url": "https://hooks.example.com", "event_types": []string{}}, []string{"event_types"}},
		"long description": {map[string]any{"url": "https://hooks.example.com", "event_types": []string{"*"}, "description": strings.Repeat("x", 501)}, []string{"description"}},
		"all at once":      {map[string]any{"url": "", "event_types": []string{"x"}, "description": strings.Repeat("x", 501)}, []string{"url", "event_types", "description"}},
		"unknown field":    {map[string]any{"url": "https://hooks.example.com", "event_types": []string{"*"}, "secret": "whsec_mine"}, []string{"secret"}},
		"wrong type":       {map[string]any{"url": "https://hooks.example.com", "event_types": "*"}, []string{"event_types"}},
	} {
		r := h.do("POST", "/api/v1/webhook-endpoints", k, c.body)
		ref := r.fieldRefusal(t)
		if r.Status != 400 || ref.Code != "invalid_input" || len(ref.Fields) != len(c.fields) {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
			continue
		}
		for _, f := range c.fields {
			if ref.Fields[f] == "" {
				t.Errorf("%s: no %s in %s", name, f, r.Body)
			}
		}
	}
	if r := h.do("GET", "/api/v1/webhook-endpoints", k, nil); r.Status != 200 || string(r.Body) != `{"items":[]}` {
		t.Fatalf("a refused endpoint was created: %s", r.Body)
	}
	agent := h.do("POST", "/api/v1/api-keys", k, map[string]string{"name": "a", "role": "agent"}).json(t)["key"].(string)
	for _, r := range []reply{
		h.do("GET", "/api/v1/webhook-endpoints", agent, nil),
		h.do("POST", "/api/v1/webhook-endpoints", agent, map[string]any{"url": "https://hooks.example.com", "event_types": []string{"*"}}),
	} {
		if r.Status != 403 || r.errorCode(t) != "forbidden" {
			t.Fatalf("an agent: %d %s", r.Status, r.Body)
		}
	}
}

// redeliverWebhook: the disabled endpoint's delivery is refused with 409
// until the endpoint is enabled again; then it goes with the same
// webhook-id, one attempt more; another workspace's key finds neither.
func redeliverWebhook(t *testing.T, h *harness, k, stranger, path string, d map[string]any) {
	t.Helper()
	redeliver := path + "/deliveries/" + d["id"].(string) + "/redeliver"
	off := h.do("POST", redeliver, k, nil)
	if e, _ := off.json(t)["error"].(map[string]any); off.Status != 409 || e["code"] != "conflict" || e["reason"] != "webhook_endpoint_off" {
		t.Fatalf("redeliver to a disabled endpoint: %d %s", off.Status, off.Body)
	}
	if r := h.do("POST", redeliver, stranger, nil); r.Status != 404 || r.errorCode(t) != "not_found" {
		t.Fatalf("another workspace's redeliver: %d %s", r.Status, r.Body)
	}
	if r := h.do("POST", path+"/deliveries/whd_nope/redeliver", k, nil); r.Status != 404 {
		t.Fatalf("an unknown delivery: %d %s", r.Status, r.Body)
	}
	if r := h.do("PATCH", path, k, map[string]any{"enabled": true}); r.Status != 200 {
		t.Fatalf("enable: %d %s", r.Status, r.Body)
	}
	again := h.do("POST", redeliver, k, nil)
	got := again.json(t)
	if again.Status != 200 || got["id"] != d["id"] || got["event_id"] != d["event_id"] || got["attempts"] != float64(2) || got["state"] != "delivered" {
		t.Fatalf("redeliver: %d %s", again.Status, again.Body)
	}
}
