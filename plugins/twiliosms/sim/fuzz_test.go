package sim

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func netListen() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }

// FuzzCreateForm feeds arbitrary form bodies to POST Messages.json: the
// simulator must answer 201 with a Message resource or a 4xx Twilio error,
// never a 5xx, a panic or a non-JSON body.
func FuzzCreateForm(f *testing.F) {
	for _, seed := range []string{
		"From=%2B15557122661&To=%2B15558675310&Body=Hi+there",
		"MessagingServiceSid=MG00000000000000000000000000000001&To=%2B5511987654321&Body=Ol%C3%A1",
		"From=55555&To=%2B5511987654321&MediaUrl=https%3A%2F%2Fx.example%2Fa.png&MediaUrl=https%3A%2F%2Fx.example%2Fb.png",
		"From=%2B15557122661&To=%2B5511987654321&Body=x&ValidityPeriod=5&StatusCallback=https%3A%2F%2Fh.example%2Fs",
		"To=&From=&Body=", "%zz", "Body=%E2%82%AC%E2%82%AC&To=1", "",
	} {
		f.Add(seed)
	}
	cfg := DefaultConfig()
	cfg.Clock = NewManualClock(t0)
	s, err := New(cfg)
	if err != nil {
		f.Fatal(err)
	}
	for _, n := range []string{DemoNumber, DemoShortCode, DemoPoolNumber1, DemoPoolNumber2} {
		if err := s.SetMPS(n, 1e9); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", apiPrefix+DemoAccountSID+"/Messages.json", strings.NewReader(body))
		req.SetBasicAuth(DemoAccountSID, DemoAuthToken)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated && (rec.Code < 400 || rec.Code > 499) {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("non-JSON answer to %q: %s", body, rec.Body)
		}
		if _, isErr := out["code"]; (rec.Code == http.StatusCreated) == isErr {
			t.Fatalf("status %d with body %s", rec.Code, rec.Body)
		}
	})
}
