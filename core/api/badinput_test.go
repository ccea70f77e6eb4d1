package api

import (
	"strings"
	"testing"
)

// TestBadInputChangesNothing sends broken bodies to a write route: each
// gets a 4xx error envelope and no API key is created.
func TestBadInputChangesNothing(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	cases := []struct {
		name, body, ctype, code string
		status                  int
	}{
		{"malformed", `{"name": "k",`, "application/json", "invalid_input", 400},
		{"unknown field", `{"name":"k","role":"viewer","admin":true}`, "application/json", "invalid_input", 400},
		{"wrong type", `{"name":5,"role":"viewer"}`, "application/json", "invalid_input", 400},
		{"two values", `{"name":"k","role":"viewer"} {}`, "application/json", "invalid_input", 400},
		{"empty", ``, "application/json", "invalid_input", 400},
		{"not json", `name=k&role=viewer`, "application/x-www-form-urlencoded", "unsupported_media_type", 415},
		{"oversized", `{"name":"` + strings.Repeat("k", 70<<10) + `","role":"viewer"}`, "application/json", "payload_too_large", 413},
		{"invalid role", `{"name":"k","role":"god"}`, "application/json", "invalid_input", 400},
		{"role above own", `{"name":"k","role":"owner"}`, "application/json", "", 201}, // owner may mint owner
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(h.do("GET", "/api/v1/api-keys", ws.APIKey, nil).json(t)["items"].([]any))
			res := h.doRaw("POST", "/api/v1/api-keys", ws.APIKey, c.ctype, c.body)
			if res.Status != c.status {
				t.Fatalf("status %d, want %d: %s", res.Status, c.status, res.Body)
			}
			after := len(h.do("GET", "/api/v1/api-keys", ws.APIKey, nil).json(t)["items"].([]any))
			if c.status >= 400 {
				if code := res.errorCode(t); code != c.code {
					t.Fatalf("code %q, want %q", code, c.code)
				}
				if after != before {
					t.Fatalf("a rejected request created a key (%d → %d)", before, after)
				}
			}
		})
	}
}

func TestUnknownFieldIsNamed(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	res := h.do("POST", "/api/v1/members", ws.APIKey, `{"email":"x@y.co","role":"agent","passwd":"x"}`)
	if res.Status != 400 || !strings.Contains(string(res.Body), `"passwd":"is not a known field"`) {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
}

func TestRolesAreEnforced(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	viewer := h.do("POST", "/api/v1/api-keys", ws.APIKey, map[string]string{"name": "v", "role": "viewer"}).json(t)["key"].(string)
	admin := h.do("POST", "/api/v1/api-keys", ws.APIKey, map[string]string{"name": "a", "role": "admin"}).json(t)["key"].(string)
	if r := h.do("GET", "/api/v1/members", viewer, nil); r.Status != 200 {
		t.Fatalf("viewer cannot read members: %d", r.Status)
	}
	if r := h.do("GET", "/api/v1/secrets", viewer, nil); r.Status != 403 || r.errorCode(t) != "forbidden" {
		t.Fatalf("viewer listed secrets: %d %s", r.Status, r.Body)
	}
	if r := h.do("POST", "/api/v1/api-keys", admin, map[string]string{"name": "o", "role": "owner"}); r.Status != 400 {
		t.Fatalf("admin minted an owner key: %d %s", r.Status, r.Body)
	}
	if r := h.do("PATCH", "/api/v1/members/"+ws.Owner.ID, admin, map[string]string{"role": "viewer"}); r.Status != 403 {
		t.Fatalf("admin demoted the owner: %d %s", r.Status, r.Body)
	}
	if r := h.do("PATCH", "/api/v1/members/"+ws.Owner.ID, ws.APIKey, map[string]string{"role": "admin"}); r.Status != 409 {
		t.Fatalf("the last owner was demoted: %d %s", r.Status, r.Body)
	}
	if r := h.do("GET", "/api/v1/me", "", nil); r.Status != 401 || r.errorCode(t) != "unauthenticated" {
		t.Fatalf("anonymous /me: %d %s", r.Status, r.Body)
	}
}

func TestWrongPasswordsAndKeysAreRateLimited(t *testing.T) {
	h := newHarness(t)
	h.workspace("acme")
	wrong := map[string]string{"email": "acme@example.com", "password": "not-the-password"}
	for i := 0; i < 10; i++ {
		if r := h.do("POST", "/api/v1/auth/login", "", wrong); r.Status != 401 {
			t.Fatalf("attempt %d: %d", i, r.Status)
		}
	}
	right := map[string]string{"email": "acme@example.com", "password": "password-acme"}
	r := h.do("POST", "/api/v1/auth/login", "", right)
	if r.Status != 429 || r.errorCode(t) != "rate_limited" || r.Header.Get("Retry-After") == "" {
		t.Fatalf("11th attempt was not limited: %d %s", r.Status, r.Body)
	}
	bogus := "mia_abcdefgh_" + strings.Repeat("A", 43)
	for i := 0; i < 10; i++ {
		if r := h.do("GET", "/api/v1/me", bogus, nil); r.Status != 401 {
			t.Fatalf("bad key %d: %d", i, r.Status)
		}
	}
	if r := h.do("GET", "/api/v1/me", bogus, nil); r.Status != 429 {
		t.Fatalf("bad API keys were not limited: %d", r.Status)
	}
}

func TestSecretsNeverLeaveThroughTheAPI(t *testing.T) {
	h := newHarness(t)
	ws := h.workspace("acme")
	put := h.do("PUT", "/api/v1/secrets", ws.APIKey, map[string]string{"name": "wa", "value": "EAAG-super-secret"})
	list := h.do("GET", "/api/v1/secrets", ws.APIKey, nil)
	for _, r := range []reply{put, list} {
		if r.Status != 200 || strings.Contains(string(r.Body), "EAAG-super-secret") || strings.Contains(string(r.Body), "mia1.") {
			t.Fatalf("secret value or ciphertext in a response: %d %s", r.Status, r.Body)
		}
	}
	keys := h.do("GET", "/api/v1/api-keys", ws.APIKey, nil)
	if strings.Contains(string(keys.Body), ws.APIKey[13:]) || strings.Contains(string(keys.Body), `"hash"`) {
		t.Fatalf("API key secret listed: %s", keys.Body)
	}
}
