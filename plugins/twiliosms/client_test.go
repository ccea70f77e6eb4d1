package twiliosms

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"

	"github.com/masteria/masteria/plugins/twiliosms/sim"
)

// TestRebase: twilio-go's URLs keep their product's host on Twilio
// (messaging.twilio.com is not served by api.twilio.com), and all go to a
// simulator's or proxy's one origin, under its path.
func TestRebase(t *testing.T) {
	for _, tc := range []struct{ raw, base, want string }{
		{"https://api.twilio.com/2010-04-01/Accounts/AC1.json", DefaultBaseURL, "https://api.twilio.com/2010-04-01/Accounts/AC1.json"},
		{"https://messaging.twilio.com/v1/Services/MG1", DefaultBaseURL, "https://messaging.twilio.com/v1/Services/MG1"},
		{"https://messaging.twilio.com/v1/Services/MG1", "https://api.dublin.ie1.twilio.com", "https://messaging.dublin.ie1.twilio.com/v1/Services/MG1"},
		{"https://messaging.twilio.com/v1/Services/MG1", "http://127.0.0.1:9200", "http://127.0.0.1:9200/v1/Services/MG1"},
		{"https://api.twilio.com/2010-04-01/Accounts/AC1.json", "http://proxy.example/twilio/", "http://proxy.example/twilio/2010-04-01/Accounts/AC1.json"},
		{"https://messaging.twilio.com/v1/Services/MG1", "https://api.example.com", "https://api.example.com/v1/Services/MG1"},
	} {
		base, _ := url.Parse(tc.base)
		if got, err := rebase(tc.raw, base); err != nil || got.String() != tc.want {
			t.Errorf("rebase(%s, %s) = %v, %v; want %s", tc.raw, tc.base, got, err, tc.want)
		}
	}
}

// TestMessagingAPIHost: with the default base_url, the Messaging Service
// and its sender pool are looked up at messaging.twilio.com, which the
// manifest allows, and the account and numbers at api.twilio.com. The test's transport plays DNS,
// sending both hosts to the simulator and noting which host was asked.
func TestMessagingAPIHost(t *testing.T) {
	f := newFixture(t, nil, nil)
	hosts := &hostLog{to: hostOf(f.api.URL)}
	f.transport = hosts
	err := f.open(map[string]any{"base_url": nil, "from": sim.DemoPoolNumber1, "messaging_service_sid": sim.DemoServiceSID}).Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := hosts.asked(); !slices.Equal(got, []string{"api.twilio.com /2010-04-01/Accounts/" + sim.DemoAccountSID + ".json",
		"messaging.twilio.com /v1/Services/" + sim.DemoServiceSID, "api.twilio.com /2010-04-01/Accounts/" + sim.DemoAccountSID + "/IncomingPhoneNumbers.json",
		"messaging.twilio.com /v1/Services/" + sim.DemoServiceSID + "/PhoneNumbers"}) {
		t.Fatalf("asked %q", got)
	}
}

// hostLog sends every request to the test server at to (plain HTTP) and
// notes the host and path it was for.
type hostLog struct {
	to  string
	mu  sync.Mutex
	got []string
}

func (h *hostLog) RoundTrip(req *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.got = append(h.got, req.URL.Host+" "+req.URL.Path)
	h.mu.Unlock()
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host = "http", h.to
	return http.DefaultTransport.RoundTrip(req)
}

func (h *hostLog) asked() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.got)
}
