package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	wasim "github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// TestConnectionNumber: a WhatsApp connection's number, its quality and
// the portfolio's messaging limit come from WhatsApp as they are now, for
// any role.
func TestConnectionNumber(t *testing.T) {
	h, s, base := whatsappHarness(t)
	ws := h.workspace("numero")
	conn := h.connect(ws.APIKey, "whatsapp-cloud", "WA Loja", whatsappConfig(base, nil))
	viewer := h.do("POST", "/api/v1/api-keys", ws.APIKey, map[string]string{"name": "v", "role": "viewer"}).json(t)["key"].(string)

	number := func() map[string]any {
		t.Helper()
		r := h.do("GET", "/api/v1/connections/"+conn+"/whatsapp-number", viewer, nil)
		if r.Status != 200 {
			t.Fatalf("number: %d %s", r.Status, r.Body)
		}
		return r.json(t)
	}
	want := map[string]any{"phone_number_id": wasim.DemoPhoneNumberID, "display_phone_number": wasim.DemoDisplayNumber,
		"verified_name": "Master IA Demo", "quality_rating": "GREEN", "messaging_limit": "TIER_250", "throughput": "STANDARD"}
	if got := number(); !sameStrings(got, want) {
		t.Fatalf("number %v, want %v", got, want)
	}

	if err := s.SetQualityRating(wasim.DemoPhoneNumberID, "RED"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMessagingLimit(wasim.DemoWABAID, wasim.Tier100K); err != nil {
		t.Fatal(err)
	}
	want["quality_rating"], want["messaging_limit"] = "RED", "TIER_100K"
	if got := number(); !sameStrings(got, want) {
		t.Errorf("after Meta changed them: %v, want %v", got, want)
	}
}

func sameStrings(got, want map[string]any) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

// TestConnectionNumberRefused: another tenant's connection and unknown IDs
// are 404, a connection that is not WhatsApp is 409, and WhatsApp refusing
// or out of reach says why by the failure's class, without the provider's
// text or the token.
func TestConnectionNumberRefused(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	h, s, base := whatsappHarness(t, hostOf(closed.URL))
	a, b := h.workspace("num-a"), h.workspace("num-b")
	conn := h.connect(a.APIKey, "whatsapp-cloud", "WA", whatsappConfig(base, nil))
	notes := h.connect(a.APIKey, "notes", "Notas", map[string]string{"token": "t"})
	for _, tc := range []struct {
		name, key, id, code, reason string
		status                      int
	}{
		{"another tenant's", b.APIKey, conn, "not_found", "", 404},
		{"unknown", a.APIKey, "con_missing", "not_found", "", 404},
		{"not WhatsApp", a.APIKey, notes, "conflict", "number_unsupported", 409},
	} {
		r := h.do("GET", "/api/v1/connections/"+tc.id+"/whatsapp-number", tc.key, nil)
		if r.Status != tc.status || r.errorCode(t) != tc.code || reasonOf(t, r) != tc.reason {
			t.Errorf("%s connection: %d %s", tc.name, r.Status, r.Body)
		}
		if strings.Contains(string(r.Body), wasim.DemoDisplayNumber) {
			t.Errorf("%s connection leaked the number: %s", tc.name, r.Body)
		}
	}

	refused := h.connect(a.APIKey, "whatsapp-cloud", "WA token velho", whatsappConfig(base, map[string]string{"access_token": "tok-revoked-secret"}))
	away := h.connect(a.APIKey, "whatsapp-cloud", "WA fora do ar", whatsappConfig(closed.URL, nil))
	s.InjectFault(wasim.Fault{Code: 80007, Endpoint: "node", Times: 1})
	for _, tc := range []struct {
		name, id, reason string
		status           int
		retryAfter       bool
	}{
		{"throttled", conn, "provider_throttled", 429, true},
		{"token refused", refused, "credentials_refused", 503, false},
		{"unreachable", away, "number_unavailable", 503, false},
	} {
		r := h.do("GET", "/api/v1/connections/"+tc.id+"/whatsapp-number", a.APIKey, nil)
		body := string(r.Body)
		if r.Status != tc.status || reasonOf(t, r) != tc.reason || (r.Header.Get("Retry-After") != "") != tc.retryAfter ||
			strings.Contains(body, "Graph") || strings.Contains(body, "tok-revoked") || strings.Contains(body, "127.0.0.1") {
			t.Errorf("%s: %d (Retry-After %q) %s", tc.name, r.Status, r.Header.Get("Retry-After"), body)
		}
	}
	if r := h.do("GET", "/api/v1/connections/"+conn+"/whatsapp-number", a.APIKey, nil); r.Status != 200 {
		t.Errorf("once the throttle passed: %d %s", r.Status, r.Body)
	}
}

func reasonOf(t *testing.T, r reply) string {
	t.Helper()
	e, _ := r.json(t)["error"].(map[string]any)
	reason, _ := e["reason"].(string)
	return reason
}
