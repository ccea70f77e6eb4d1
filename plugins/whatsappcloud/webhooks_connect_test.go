package whatsappcloud

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

// TestConnectWebhooks: connecting sets the business account's callback
// override at the simulator, which verifies it against the connection's
// webhook (the verify token) before sending the account's messages there;
// Meta's refusals come back saying what to fix.
func TestConnectWebhooks(t *testing.T) {
	f := newFixture(t, func(c *sim.Config) { c.WebhookURL = "" }, nil) // the app itself has no callback
	server := httptest.NewServer(http.HandlerFunc(f.hook))
	t.Cleanup(server.Close)
	url := server.URL + "/hooks/conn-1"
	ctx := context.Background()

	for _, tc := range []struct {
		name   string
		config map[string]any
		url    string
		class  sdk.Class
		want   string
	}{
		{"a verify token the webhook does not answer", map[string]any{"verify_token": "not-this-one"}, url, sdk.ClassPermanent,
			"Meta could not verify " + url + " (Graph error 2200: (#2200) Callback verification failed with the following errors: HTTP Status Code = 403"},
		{"a refused access token", map[string]any{"access_token": "not-the-token"}, url, sdk.ClassAuth, "refused the access token (Graph error 190"},
		{"an unknown business account", map[string]any{"waba_id": "999"}, url, sdk.ClassPermanent, "no business account 999 that this access token can manage"},
		{"a URL over 200 characters", nil, url + "/" + strings.Repeat("x", 200), sdk.ClassPermanent, "longer than the 200 characters Meta takes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := f.plugin
			if tc.config != nil {
				p, _ = f.open(tc.config)
			}
			_, err := p.ConnectWebhooks(ctx, tc.url)
			if class, _, _ := sdk.ClassOf(err); class != tc.class || err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ConnectWebhooks = %v (class %v), want class %v with %q", err, class, tc.class, tc.want)
			}
		})
	}
	if _, err := f.sim.InjectInbound(sim.InboundText("5511987654321", "antes")); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	if n := len(f.emitted()); n != 0 {
		t.Fatalf("%d events before the override", n)
	}

	got, err := f.plugin.ConnectWebhooks(ctx, url)
	if err != nil || got != (sdk.WebhookConnection{URL: url, Target: "WhatsApp Business Account " + sim.DemoWABAID}) {
		t.Fatalf("ConnectWebhooks = %+v, %v", got, err)
	}
	if _, err := f.sim.InjectInbound(sim.InboundText("5511987654321", "oi")); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	if ev := f.emitted(); len(ev) != 1 || !strings.Contains(mustJSON(ev[0].Payload), `"oi"`) {
		t.Fatalf("events after the override: %+v", ev)
	}
}
