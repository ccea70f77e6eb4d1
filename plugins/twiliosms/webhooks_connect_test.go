package twiliosms

import (
	"context"
	"strings"
	"testing"

	"github.com/masteria/masteria/plugins/twiliosms/sim"
	"github.com/masteria/masteria/sdk"
)

// TestConnectWebhooks: connecting finds the from number among the
// account's IncomingPhoneNumbers at the simulator and sets its SmsUrl
// (webhook_base_url when configured, else the URL the host gives), after
// which its inbound messages reach the connection; what Twilio's API
// cannot point says where to do it instead.
func TestConnectWebhooks(t *testing.T) {
	f := newFixture(t, func(c *sim.Config) { c.Accounts[0].PhoneNumbers[0].SMSURL = "" }, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		config map[string]any
		class  sdk.Class
		want   string
	}{
		{"refused credentials", map[string]any{"auth_token": "nope"}, sdk.ClassAuth, "Twilio refused the credentials for account " + sim.DemoAccountSID},
		{"a number the account does not have", map[string]any{"from": "+5511987654321"}, sdk.ClassPermanent, "has no phone number +5511987654321: check from"},
		{"a short code", map[string]any{"from": sim.DemoShortCode}, sdk.ClassPermanent, "is a short code"},
		{"a Messaging Service", map[string]any{"from": nil, "messaging_service_sid": sim.DemoServiceSID}, sdk.ClassPermanent, "sends through Messaging Service " + sim.DemoServiceSID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.open(tc.config).ConnectWebhooks(ctx, f.hooks.URL+hooksPrefix)
			if class, _, _ := sdk.ClassOf(err); class != tc.class || err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ConnectWebhooks = %v (class %v), want class %v with %q", err, class, tc.class, tc.want)
			}
		})
	}

	// Twilio is only ever told the server's URL: a webhook_base_url that
	// names another is refused, not given to Twilio.
	if _, err := f.plugin.ConnectWebhooks(ctx, "https://app.example/hooks/conn-1"); err == nil ||
		!strings.Contains(err.Error(), "is not this server's webhook URL") {
		t.Fatalf("a webhook_base_url other than the server's: %v", err)
	}
	got, err := f.plugin.ConnectWebhooks(ctx, f.hooks.URL+hooksPrefix)
	if err != nil || got.URL != f.hooks.URL+hooksPrefix || !strings.HasPrefix(got.Target, "number "+sim.DemoNumber+" (PN") {
		t.Fatalf("ConnectWebhooks = %+v, %v; want the server's URL, which webhook_base_url names", got, err)
	}
	if _, err := f.sim.InjectInbound(sim.Inbound{From: "+5511987654321", To: sim.DemoNumber, Body: "oi"}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	if ev := f.emitted(); len(ev) != 1 || ev[0].Subject != sdk.SubjectMessageReceived {
		t.Fatalf("events after connecting: %+v", ev)
	}

	plain := f.open(map[string]any{"webhook_base_url": nil})
	if got, err := plain.ConnectWebhooks(ctx, "https://app.example/hooks/conn-2"); err != nil || got.URL != "https://app.example/hooks/conn-2" {
		t.Fatalf("without webhook_base_url: %+v, %v", got, err)
	}
}
