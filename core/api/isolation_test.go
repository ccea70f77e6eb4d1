package api

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
)

// TestCrossTenantIsolation walks EVERY route of the route table as tenant
// B, aimed at tenant A's IDs, and proves nothing of A is read, changed or
// revealed: foreign IDs are 404, lists hold none of A's rows. A new route
// must get a sample ID and body here, or this test fails.
func TestCrossTenantIsolation(t *testing.T) {
	h := newHarness(t)
	a, b := h.workspace("alpha"), h.workspace("bravo")
	ka, kb := a.APIKey, b.APIKey

	member := h.do("POST", "/api/v1/members", ka, map[string]string{"email": "agent@alpha.example", "password": "agent-password", "role": "agent"}).json(t)
	key := h.do("POST", "/api/v1/api-keys", ka, map[string]string{"name": "alpha-ci", "role": "viewer"}).json(t)
	secret := h.do("PUT", "/api/v1/secrets", ka, map[string]string{"name": "alpha-token", "value": "alpha-plaintext-value"}).json(t)
	flowA := h.do("POST", "/api/v1/flows", ka, map[string]string{"yaml": alphaFlow}).json(t)
	flowID := flowA["id"].(string)
	if r := h.do("POST", "/api/v1/flows/"+flowID+"/publish", ka, nil); r.Status != 201 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	runA := h.do("POST", "/api/v1/flows/"+flowID+"/runs", ka, map[string]any{"vars": map[string]string{"who": "alpha-secret-var"}}).json(t)
	connA := h.do("POST", "/api/v1/connections", ka, map[string]any{"plugin_id": "notes", "name": "alpha-conn", "config": map[string]string{"token": "alpha-token-secret"}}).json(t)
	hookA := h.do("POST", "/api/v1/webhook-endpoints", ka, map[string]any{"url": "https://alpha-hooks.example.com/in", "event_types": []string{"*"}}).json(t)
	blobA, err := h.api.Blobs.Put(context.Background(), a.Tenant.ID, connA["id"].(string), "image/png", strings.NewReader("alpha-media-bytes"))
	if err != nil {
		t.Fatal(err)
	}
	foreign := map[string]string{ // path prefix → one of A's IDs
		"/api/v1/connections/":       connA["id"].(string),
		"/api/v1/flows/":             flowID,
		"/api/v1/runs/":              runA["id"].(string),
		"/api/v1/members/":           member["user_id"].(string),
		"/api/v1/api-keys/":          key["id"].(string),
		"/api/v1/secrets/":           secret["id"].(string),
		"/api/v1/media/":             blobA.ID,
		"/api/v1/webhook-endpoints/": hookA["id"].(string),
	}
	bodies := map[string]any{
		"POST /api/v1/auth/login":             map[string]string{"email": "bravo@example.com", "password": "password-bravo", "tenant_id": a.Tenant.ID},
		"POST /api/v1/media":                  "bravo's own file",
		"POST /api/v1/session/tenant":         map[string]string{"tenant_id": a.Tenant.ID},
		"POST /api/v1/tenants":                map[string]string{"name": "x", "password": "password-bravo"},
		"POST /api/v1/members":                map[string]string{"email": "alpha@example.com", "role": "viewer"},
		"PATCH /api/v1/members/:id":           map[string]string{"role": "viewer"},
		"POST /api/v1/api-keys":               map[string]string{"name": "bravo-key", "role": "viewer"},
		"PUT /api/v1/secrets":                 map[string]string{"name": "alpha-token", "value": "bravo-value"},
		"POST /api/v1/flows/lint":             map[string]string{"yaml": "version: 1\nname: x\n"},
		"POST /api/v1/connections":            map[string]any{"plugin_id": "notes", "name": "alpha-conn", "config": map[string]string{"token": "b"}},
		"PATCH /api/v1/connections/:id":       map[string]any{"config": map[string]string{"label": "bravo"}},
		"POST /api/v1/flows":                  map[string]string{"yaml": alphaFlow},
		"PUT /api/v1/flows/:id":               map[string]string{"yaml": alphaFlow},
		"POST /api/v1/flows/:id/test":         map[string]any{},
		"POST /api/v1/flows/:id/runs":         map[string]any{},
		"POST /api/v1/runs/:id/retry":         map[string]string{"step": "hello"},
		"POST /api/v1/webhook-endpoints":      map[string]any{"url": "https://alpha-hooks.example.com/in", "event_types": []string{"*"}},
		"PATCH /api/v1/webhook-endpoints/:id": map[string]any{"url": "https://bravo.example.com/steal", "enabled": false},
	}
	// Everything of A's that must never show up in B's answers. (A user is a
	// global identity: B may add A's owner by email to B's own workspace,
	// which names that user but shows nothing of tenant A.)
	aMarks := []string{a.Tenant.ID, connA["id"].(string), "alpha-token-secret", flowID, runA["id"].(string), "alpha-secret-var", member["user_id"].(string), key["id"].(string), secret["id"].(string),
		"alpha-ci", "alpha-plaintext-value", key["key"].(string), ka, blobA.ID, "alpha-media-bytes", hookA["id"].(string), hookA["secret"].(string)}
	before := snapshot(t, h, ka)
	crm := seedCRM(t, h, a, member["user_id"].(string))
	maps.Copy(foreign, crm.foreign)
	maps.Copy(bodies, crm.bodies)
	aMarks = append(aMarks, crm.marks...)
	crmBefore := crm.snapshot(t, h)
	// B's walk of the overview proves something only if A's own names A's board.
	if r := h.do("GET", "/api/v1/analytics/overview", ka, nil); !strings.Contains(string(r.Body), "Alpha Pipeline") {
		t.Fatalf("A's overview lacks A's board: %d %s", r.Status, r.Body)
	}
	camp := seedCampaigns(t, h, a)
	maps.Copy(foreign, camp.foreign)
	maps.Copy(bodies, camp.bodies)
	aMarks = append(aMarks, camp.marks...)
	campBefore := camp.snapshot(t, h)

	login := h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "bravo@example.com", "password": "password-bravo"})
	cookie := sessionFrom(t, login)
	for _, r := range h.api.Routes() {
		id := r.Method + " " + r.Path
		var body any
		if r.Body != nil {
			var ok bool
			if body, ok = bodies[id]; !ok {
				t.Fatalf("route %s has no sample body in this test: add one", id)
			}
		}
		path := r.Path
		if strings.Contains(path, ":id") {
			prefix := path[:strings.Index(path, ":id")]
			fid, ok := foreign[prefix]
			if !ok {
				t.Fatalf("route %s has no foreign ID in this test: add one", id)
			}
			path = strings.Replace(path, ":id", fid, 1)
		}
		for param, fid := range foreign { // a second ID in the path (":message_id") is A's too
			if strings.HasPrefix(param, ":") {
				path = strings.ReplaceAll(path, param, fid)
			}
		}
		for _, auth := range []string{kb, "cookie=" + cookie} {
			if id == "POST /api/v1/auth/logout" && auth != kb {
				continue // would end the session the rest of the walk uses
			}
			res := h.do(r.Method, path, auth, body)
			if strings.Contains(r.Path, ":id") && res.Status != 404 {
				t.Errorf("%s with tenant B's credentials on A's ID: status %d, want 404: %s", id, res.Status, res.Body)
			}
			if want := map[bool]int{true: 403, false: 404}[auth == kb]; id == "POST /api/v1/session/tenant" && res.Status != want {
				t.Errorf("switching into a foreign tenant (%s): status %d, want %d", auth[:7], res.Status, want)
			}
			for _, mark := range aMarks {
				if strings.Contains(string(res.Body), mark) {
					t.Errorf("%s as B revealed %q of tenant A: %s", id, mark, res.Body)
				}
			}
		}
	}
	if after := snapshot(t, h, ka); after != before {
		t.Fatalf("tenant A changed while B walked the API:\nbefore %s\nafter  %s", before, after)
	}
	if after := crm.snapshot(t, h); after != crmBefore {
		t.Fatalf("tenant A's CRM changed while B walked the API:\nbefore %s\nafter  %s", crmBefore, after)
	}
	if after := camp.snapshot(t, h); after != campBefore {
		t.Fatalf("tenant A's campaigns changed while B walked the API:\nbefore %s\nafter  %s", campBefore, after)
	}
	if v, err := h.svc.RevealSecret(context.Background(), a.Tenant.ID, "alpha-token"); err != nil || v != "alpha-plaintext-value" {
		t.Fatalf("A's secret changed: %q %v", v, err)
	}
}

// snapshot renders everything tenant A can list, for before/after checks.
func snapshot(t *testing.T, h *harness, key string) string {
	var b strings.Builder
	for _, p := range []string{"/api/v1/tenant", "/api/v1/members", "/api/v1/api-keys", "/api/v1/secrets", "/api/v1/flows", "/api/v1/runs", "/api/v1/connections", "/api/v1/webhook-endpoints"} {
		res := h.do("GET", p, key, nil)
		if res.Status != 200 {
			t.Fatalf("snapshot %s: %d %s", p, res.Status, res.Body)
		}
		body := string(res.Body)
		// last_used_at moves with every call of the key itself.
		if i := strings.Index(body, `"last_used_at"`); i >= 0 && p == "/api/v1/api-keys" {
			body = body[:i]
		}
		fmt.Fprintf(&b, "%s=%s;", p, body)
	}
	return b.String()
}

func sessionFrom(t *testing.T, r reply) string {
	t.Helper()
	for _, c := range r.Header.Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(c, sessionCookie+"="); ok {
			return v[:strings.IndexByte(v, ';')]
		}
	}
	t.Fatalf("no session cookie in %d %s", r.Status, r.Body)
	return ""
}

// alphaFlow is tenant A's flow; B creating one with the same name must
// land in B's own library.
const alphaFlow = "version: 1\nname: alpha-flow\ntrigger: {on: manual}\nsteps:\n  - id: hello\n    uses: set\n    with: {greeting: oi}\n"
