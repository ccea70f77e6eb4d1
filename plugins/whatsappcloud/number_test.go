package whatsappcloud

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// TestNumber: whatsapp.number reads the number, its quality and the
// portfolio's messaging limit from the phone-number node, as they are now.
func TestNumber(t *testing.T) {
	f := newFixture(t, nil, nil)
	out := invoke(t, f.plugin, ActionNumber, nil).Values
	want := map[string]any{"phone_number_id": sim.DemoPhoneNumberID, "display_phone_number": sim.DemoDisplayNumber,
		"verified_name": "Master IA Demo", "quality_rating": "GREEN", "messaging_limit": "TIER_250", "throughput": "STANDARD"}
	for k, v := range want {
		if out[k] != v {
			t.Errorf("%s = %v, want %v", k, out[k], v)
		}
	}
	if n := f.served("GET /v21.0/" + sim.DemoPhoneNumberID); n != 1 {
		t.Errorf("read the phone-number node %d times, want once", n)
	}
	if n := f.served("GET /v21.0/" + sim.DemoWABAID); n != 0 {
		t.Errorf("read the business account's node %d times: the limit is read on the number", n)
	}

	for _, err := range []error{f.sim.SetQualityRating(sim.DemoPhoneNumberID, "YELLOW"),
		f.sim.SetMessagingLimit(sim.DemoWABAID, sim.Tier2K), f.sim.SetThroughput(sim.DemoPhoneNumberID, sim.Unlimited)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	out = invoke(t, f.plugin, ActionNumber, nil).Values
	if out["quality_rating"] != "YELLOW" || out["messaging_limit"] != "TIER_2K" || out["throughput"] != "HIGH" {
		t.Errorf("after the changes: %v", out)
	}
}

// TestNumberOlderGraphVersion: a Graph API version that does not know
// whatsapp_business_manager_messaging_limit still gives the number's other
// facts, with no limit.
func TestNumberOlderGraphVersion(t *testing.T) {
	f := newFixture(t, nil, nil)
	old := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Query().Get("fields"), limitField) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":{"message":"(#100) Tried accessing nonexisting field (` + limitField +
				`) on node type (WhatsAppBusinessPhoneNumber)","type":"OAuthException","code":100,"fbtrace_id":"A1"}}`))
			return
		}
		f.api.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(old.Close)
	p := f.openAllowing(map[string]any{"graph_base_url": old.URL}, hostOf(old.URL))
	out := invoke(t, p, ActionNumber, nil).Values
	if out["messaging_limit"] != "" || out["quality_rating"] != "GREEN" || out["display_phone_number"] != sim.DemoDisplayNumber {
		t.Errorf("without the limit field: %v", out)
	}
}

// TestNumberRefused: a failed read keeps its class, so the dashboard can
// say whether the token was refused, Meta throttles, or the Graph API is
// out of reach.
func TestNumberRefused(t *testing.T) {
	f := newFixture(t, nil, nil)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	cases := []struct {
		name    string
		arrange func() sdk.Plugin
		class   sdk.Class
	}{
		{"wrong token", func() sdk.Plugin { return f.openAllowing(map[string]any{"access_token": "not-the-token"}, "") }, sdk.ClassAuth},
		{"unknown number", func() sdk.Plugin { return f.openAllowing(map[string]any{"phone_number_id": "999"}, "") }, sdk.ClassPermanent},
		{"unreachable", func() sdk.Plugin {
			return f.openAllowing(map[string]any{"graph_base_url": closed.URL}, hostOf(closed.URL))
		}, sdk.ClassRetryable},
		{"throttled", func() sdk.Plugin {
			f.sim.InjectFault(sim.Fault{Code: 80007, Endpoint: "node", Times: 1})
			return f.plugin
		}, sdk.ClassRateLimited},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.arrange()
			_, err := p.Actions()[ActionNumber].Invoke(context.Background(), sdk.Input{})
			class, after, _ := sdk.ClassOf(err)
			if class != tc.class {
				t.Fatalf("%s: %v (class %v), want class %v", ActionNumber, err, class, tc.class)
			}
			if tc.class == sdk.ClassRateLimited && after < time.Second {
				t.Errorf("throttled without a retry-after: %v", after)
			}
		})
	}
}
