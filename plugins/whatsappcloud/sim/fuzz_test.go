package sim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// FuzzSendRequest feeds arbitrary bodies to POST /messages: the simulator
// must answer 200 with Meta's send response or a 4xx Graph error, never a
// 5xx, a panic or a non-JSON body.
func FuzzSendRequest(f *testing.F) {
	for _, seed := range []string{
		textTo(user, "oi"),
		`{"messaging_product":"whatsapp","to":"` + user + `","type":"template","template":{"name":"boas_vindas","language":{"code":"pt_BR"},"components":[{"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"A"},{"type":"currency","currency":{"fallback_value":"1"}}]}]}}`,
		`{"messaging_product":"whatsapp","to":"` + user + `","type":"interactive","interactive":{"type":"list","body":{"text":"?"},"action":{"button":"b","sections":[{"rows":[{"id":"1","title":"t"}]}]}}}`,
		`{"messaging_product":"whatsapp","to":"` + user + `","type":"image","image":{"id":"1"}}`,
		`{"messaging_product":"whatsapp","status":"read","message_id":"wamid.x"}`,
		`{"messaging_product":"whatsapp","to":"` + user + `","type":"location","location":{"latitude":1,"longitude":2}}`,
		`[]`, `null`, `{"to":1}`, `{"template":{"components":[{"parameters":[{}]}]}}`,
	} {
		f.Add(seed)
	}
	cfg := DefaultConfig()
	cfg.Clock = NewManualClock(t0)
	cfg.Accounts[0].PhoneNumbers[0].Throughput = Unlimited
	cfg.PairRate = PairRate{Burst: 1 << 30, Every: time.Nanosecond}
	s, err := New(cfg)
	if err != nil {
		f.Fatal(err)
	}
	if _, err := s.InjectInbound(InboundText(user, "oi")); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/v21.0/"+DemoPhoneNumberID+"/messages", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+DemoAccessToken)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && (rec.Code < 400 || rec.Code > 499) {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("non-JSON answer to %q: %s", body, rec.Body)
		}
		if _, isErr := out["error"]; (rec.Code == http.StatusOK) == isErr {
			t.Fatalf("status %d with body %s", rec.Code, rec.Body)
		}
	})
}
