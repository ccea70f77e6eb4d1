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
// cannot point says where to do it instead, and a sender that cannot
// receive says so.
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
		{"an alphanumeric sender ID", map[string]any{"from": "Loja Bela"}, sdk.ClassPermanent, "cannot receive messages"},
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

// TestConnectWebhooksMessagingService: a connection sending through a
// Messaging Service has its messages routed by the service, which drops
// them while it has no inbound request URL; connecting sets that URL (the
// server's, never another) at the simulator, after which a message to any
// of the service's numbers reaches the connection.
func TestConnectWebhooksMessagingService(t *testing.T) {
	f := newFixture(t, nil, nil)
	ctx := context.Background()
	server := f.hooks.URL + hooksPrefix
	toPool := func(n string, body string) []sdk.Event {
		t.Helper()
		before := len(f.emitted())
		if _, err := f.sim.InjectInbound(sim.Inbound{From: handset, To: n, Body: body}); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(0)
		return f.emitted()[before:]
	}
	if ev := toPool(sim.DemoPoolNumber1, "antes"); len(ev) != 0 {
		t.Fatalf("a service without an inbound request URL delivered %+v", ev)
	}
	unknown := "MG" + strings.Repeat("9", 32)
	for _, tc := range []struct {
		name   string
		config map[string]any
		class  sdk.Class
		want   string
	}{
		{"refused credentials", map[string]any{"auth_token": "nope"}, sdk.ClassAuth, "Twilio refused the credentials for account " + sim.DemoAccountSID},
		{"an unknown service", map[string]any{"messaging_service_sid": unknown}, sdk.ClassPermanent, "has no Messaging Service " + unknown + " (error 20404): check messaging_service_sid"},
		{"another webhook_base_url", map[string]any{"webhook_base_url": "https://app.example/hooks/conn-1"}, sdk.ClassPermanent, "is not this server's webhook URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			config := map[string]any{"from": nil, "messaging_service_sid": sim.DemoServiceSID}
			for k, v := range tc.config {
				config[k] = v
			}
			_, err := f.open(config).ConnectWebhooks(ctx, server)
			if class, _, _ := sdk.ClassOf(err); class != tc.class || err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ConnectWebhooks = %v (class %v), want class %v with %q", err, class, tc.class, tc.want)
			}
		})
	}
	if ev := toPool(sim.DemoPoolNumber1, "ainda não"); len(ev) != 0 {
		t.Fatalf("a refused connect changed the service: %+v", ev)
	}

	got, err := f.open(map[string]any{"from": nil, "messaging_service_sid": sim.DemoServiceSID}).ConnectWebhooks(ctx, server)
	if err != nil || got.URL != server || got.Target != "Messaging Service "+sim.DemoServiceSID+" (inbound request URL)" {
		t.Fatalf("ConnectWebhooks = %+v, %v", got, err)
	}
	for _, n := range []string{sim.DemoPoolNumber1, sim.DemoPoolNumber2} {
		if ev := toPool(n, "oi"); len(ev) != 1 || ev[0].Subject != sdk.SubjectMessageReceived {
			t.Fatalf("a message to %s after connecting: %+v", n, ev)
		}
	}
}

// TestConnectWebhooksDeferringService: a service that defers to its
// numbers' own SMS URLs (use_inbound_webhook_on_number) is left so; the
// from number gets the URL too, and without one the answer says what to
// change.
func TestConnectWebhooksDeferringService(t *testing.T) {
	f := newFixture(t, func(c *sim.Config) {
		c.Accounts[0].MessagingServices[0].UseInboundWebhookOnNumber = true
		for i, n := range c.Accounts[0].PhoneNumbers {
			if n.Number == sim.DemoPoolNumber1 {
				c.Accounts[0].PhoneNumbers[i].SMSURL = "http://127.0.0.1:1/another-app"
			}
		}
	}, nil)
	ctx := context.Background()
	server := f.hooks.URL + hooksPrefix
	_, err := f.open(map[string]any{"from": nil, "messaging_service_sid": sim.DemoServiceSID}).ConnectWebhooks(ctx, server)
	if class, _, _ := sdk.ClassOf(err); class != sdk.ClassPermanent || err == nil || !strings.Contains(err.Error(), "use_inbound_webhook_on_number") {
		t.Fatalf("a deferring service without from: %v (class %v)", err, class)
	}
	got, err := f.open(map[string]any{"from": sim.DemoPoolNumber1, "messaging_service_sid": sim.DemoServiceSID}).ConnectWebhooks(ctx, server)
	if err != nil || got.URL != server || !strings.HasPrefix(got.Target, "Messaging Service "+sim.DemoServiceSID+" (inbound request URL) and number "+sim.DemoPoolNumber1+" (PN") {
		t.Fatalf("ConnectWebhooks = %+v, %v", got, err)
	}
	if _, err := f.sim.InjectInbound(sim.Inbound{From: handset, To: sim.DemoPoolNumber1, Body: "oi"}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	if ev := f.emitted(); len(ev) != 1 || ev[0].Subject != sdk.SubjectMessageReceived {
		t.Fatalf("events after connecting: %+v", ev)
	}
}
