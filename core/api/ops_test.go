package api

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/masteria/masteria/core/bus"
)

func TestHealthReportsEachCheckAnd503WhenTheBusIsDown(t *testing.T) {
	h := newHarness(t)
	r := h.do("GET", "/health", "", nil)
	checks, _ := r.json(t)["checks"].(map[string]any)
	if r.Status != 200 || checks["store"] == nil || checks["bus"] == nil {
		t.Fatalf("healthy: %d %s", r.Status, r.Body)
	}
	h.bus.NC.Close()
	r = h.do("GET", "/health", "", nil)
	bus := r.json(t)["checks"].(map[string]any)["bus"].(map[string]any)
	if r.Status != 503 || bus["status"] != "down" {
		t.Fatalf("bus down: %d %s", r.Status, r.Body)
	}
}

func TestMetricsAndRequestID(t *testing.T) {
	h := newHarness(t)
	r := h.do("GET", "/health", "", nil)
	if !strings.HasPrefix(r.Header.Get("X-Request-Id"), "req_") {
		t.Fatalf("no request ID: %v", r.Header)
	}
	m := h.do("GET", "/metrics", "", nil)
	for _, want := range []string{`masteria_http_requests_total{method="GET",route="/health",status="200"} 1`, "masteria_outbox_backlog", "go_goroutines"} {
		if !strings.Contains(string(m.Body), want) {
			t.Fatalf("metrics lack %q", want)
		}
	}
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	h := newHarness(t)
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(h.do("GET", "/api/v1/openapi.json", "", nil).Body, &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range h.api.Routes() {
		p := pathParam.ReplaceAllString(r.Path, "{$1}")
		op, ok := doc.Paths[p][strings.ToLower(r.Method)]
		if !ok || op["summary"] == "" || op["responses"] == nil {
			t.Fatalf("%s %s is not documented", r.Method, p)
		}
		if (r.Body != nil) != (op["requestBody"] != nil) {
			t.Fatalf("%s %s request body mismatch", r.Method, p)
		}
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatal(doc.OpenAPI)
	}
}

// TestOpenAPIStoredJSONIsAnyValue: fields kept as raw JSON (a campaign's
// spec, a message's extra) are documented as any JSON value, as they are
// served, not as base64 strings a generated client would decode.
func TestOpenAPIStoredJSONIsAnyValue(t *testing.T) {
	h := newHarness(t)
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(h.do("GET", "/api/v1/openapi.json", "", nil).Body, &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range [][2]string{{"Campaign", "spec"}, {"Message", "extra"}} {
		prop, ok := doc.Components.Schemas[f[0]].Properties[f[1]]
		if !ok || len(prop) != 0 {
			t.Errorf("%s.%s is documented as %v, want any JSON value ({})", f[0], f[1], prop)
		}
	}
}

// TestWritesPublishTheirEventsAfterCommit checks the scenario end to end:
// an API call commits, the relay publishes, a bus subscriber sees it.
func TestWritesPublishTheirEventsAfterCommit(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go (&bus.Relay{Store: h.store, Bus: h.bus}).Run(ctx)
	got := make(chan *nats.Msg, 10)
	sub, err := h.bus.NC.ChanSubscribe(h.bus.TenantEvents(ws.Tenant.ID), got)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	if r := h.do("PUT", "/api/v1/secrets", ws.APIKey, map[string]string{"name": "n", "value": "v"}); r.Status != 200 {
		t.Fatal(r.Status)
	}
	if r := h.do("POST", "/api/v1/api-keys", ws.APIKey, map[string]string{"name": "bad", "role": "god"}); r.Status != 400 {
		t.Fatal(r.Status)
	}
	deadline := time.After(5 * time.Second)
	for {
		select {
		case m := <-got:
			typ := m.Header.Get(bus.HeaderType)
			if typ == bus.EventAPIKeyCreated && strings.Contains(string(m.Data), `"bad"`) {
				t.Fatal("a rejected request published an event")
			}
			if typ == bus.EventSecretChanged {
				if m.Header.Get(bus.HeaderTenant) != ws.Tenant.ID || strings.Contains(string(m.Data), `"v"`) {
					t.Fatalf("event: %v %s", m.Header, m.Data)
				}
				return
			}
		case <-deadline:
			t.Fatal("secret.changed never reached the bus")
		}
	}
}

func TestLintEndpointReportsPositions(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	src := "version: 1\nname: demo\ntrigger:\n  on: manual\nsteps:\n  - id: a\n    uses: nope.nothing\n"
	r := h.do("POST", "/api/v1/flows/lint", ws.APIKey, map[string]string{"yaml": src, "file": "demo.yaml"})
	body := string(r.Body)
	if r.Status != 200 || !strings.Contains(body, `"ok":false`) || !strings.Contains(body, "unknown-action") || !strings.Contains(body, `"line":7`) {
		t.Fatalf("%d %s", r.Status, body)
	}
	s := h.do("GET", "/api/v1/schema/flow.json", "", nil)
	if s.Status != 200 || !strings.Contains(string(s.Body), "wait.reply") || !strings.Contains(string(s.Body), `"while_human"`) {
		t.Fatalf("schema: %d", s.Status)
	}
}

func TestHooksReachOnlyWebhookPluginsOfRealConnections(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	conn := h.do("POST", "/api/v1/connections", ws.APIKey, map[string]any{"plugin_id": "notes", "name": "n", "config": map[string]string{"token": "t"}})
	if conn.Status != 201 {
		t.Fatalf("%d %s", conn.Status, conn.Body)
	}
	id := conn.json(t)["id"].(string)
	if r := h.do("POST", "/hooks/con_unknown/x", "", `{}`); r.Status != 404 || r.errorCode(t) != "not_found" {
		t.Fatalf("unknown connection: %d %s", r.Status, r.Body)
	}
	if r := h.do("POST", "/hooks/"+id, "", `{}`); r.Status != 404 {
		t.Fatalf("a plugin without webhooks took one: %d %s", r.Status, r.Body)
	}
	gate := h.do("POST", "/api/v1/connections", ws.APIKey, map[string]any{"plugin_id": "gate", "name": "g"})
	if gate.Status != 201 {
		t.Fatalf("%d %s", gate.Status, gate.Body)
	}
	// A plugin that refuses without a body: the refusal still says why,
	// in the platform's error format.
	if r := h.do("POST", "/hooks/"+gate.json(t)["id"].(string), "", `{}`); r.Status != 401 || r.errorCode(t) != "unauthenticated" {
		t.Fatalf("an empty refusal: %d %s", r.Status, r.Body)
	}
	plugins := h.do("GET", "/api/v1/plugins", ws.APIKey, nil)
	if !strings.Contains(string(plugins.Body), `"notes.echo"`) || !strings.Contains(string(plugins.Body), `"writeOnly":true`) {
		t.Fatalf("plugins: %s", plugins.Body)
	}
}

// TestOpenAPIStatesConventions: the document says how times and actors
// read, on the fields themselves, and the runs list is a page like the
// others.
func TestOpenAPIStatesConventions(t *testing.T) {
	h := newHarness(t)
	var doc struct {
		Info       map[string]string `json:"info"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct {
					Schema map[string]any `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(h.do("GET", "/api/v1/openapi.json", "", nil).Body, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.Info["description"], "to the millisecond") || !strings.Contains(doc.Info["description"], "key_…") {
		t.Errorf("info.description: %q", doc.Info["description"])
	}
	for _, f := range [][2]string{{"Campaign", "created_by"}, {"ImportJob", "created_by"}, {"Message", "author_id"}, {"CardEvent", "actor"}, {"Campaign", "updated_at"}} {
		if d, _ := doc.Components.Schemas[f[0]].Properties[f[1]]["description"].(string); d == "" {
			t.Errorf("%s.%s has no description", f[0], f[1])
		}
	}
	runs := doc.Paths["/api/v1/runs"]["get"].Responses["200"].Content["application/json"].Schema
	if props, _ := runs["properties"].(map[string]any); props["next_cursor"] == nil {
		t.Errorf("GET /api/v1/runs answers %v, want a page with next_cursor", runs)
	}
}

// TestOpenAPIConsentSourceIsOptional: a consent's source may be left out,
// as the server then writes "agent:" and the caller's ID
// (TestActorsHaveOneForm), so the generated client does not make the
// dashboard send one it would have to invent.
func TestOpenAPIConsentSourceIsOptional(t *testing.T) {
	h := newHarness(t)
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Required []string `json:"required"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(h.do("GET", "/api/v1/openapi.json", "", nil).Body, &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Components.Schemas["ConsentInput"].Required; !slices.Equal(got, []string{"channel", "status"}) {
		t.Errorf("ConsentInput requires %v, want [channel status]", got)
	}
}
