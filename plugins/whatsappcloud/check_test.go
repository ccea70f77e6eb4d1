package whatsappcloud

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// otherWABA is a second business account the demo token may use, with a
// number of its own: a waba_id that exists but does not own the number.
const otherWABA = "300000000000001"

// TestCheck: the check reads the phone number and its business account's
// numbers from the Graph API with the connection's token, and says what to
// fix (which field) when WhatsApp refuses them or they do not match.
func TestCheck(t *testing.T) {
	f := newFixture(t, func(c *sim.Config) {
		c.Accounts = append(c.Accounts, sim.BusinessAccount{ID: otherWABA, AccessTokens: []string{sim.DemoAccessToken},
			PhoneNumbers: []sim.PhoneNumber{{ID: "300000000000009", DisplayPhoneNumber: "15550000009"}}})
	}, nil)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	cases := []struct {
		name   string
		config map[string]any
		class  sdk.Class
		want   string // in the error; "" for none
		reason string // as the dashboard reads the error back
	}{
		{"valid", nil, sdk.ClassNone, "", ""},
		{"wrong token", map[string]any{"access_token": "not-the-token"}, sdk.ClassAuth, "refused the access token (Graph error 190", plugin.CheckTokenRefused},
		{"unknown number", map[string]any{"phone_number_id": "999"}, sdk.ClassPermanent, "no phone number 999 that this access token can use (Graph error 100",
			plugin.CheckPhoneNumberUnknown},
		{"unknown waba", map[string]any{"waba_id": "999999999999999"}, sdk.ClassPermanent,
			"no business account 999999999999999 that this access token can use (Graph error 100: Unsupported get request.", plugin.CheckWABAUnknown},
		{"waba is the number's id", map[string]any{"waba_id": sim.DemoPhoneNumberID}, sdk.ClassPermanent,
			"(waba_id holds the phone number's ID) (Graph error 100: (#100) Tried accessing nonexisting field (phone_numbers)", plugin.CheckWABAIsNumber},
		{"waba of another number", map[string]any{"waba_id": otherWABA}, sdk.ClassPermanent,
			"the WhatsApp Business Account " + otherWABA + " does not own phone number " + sim.DemoPhoneNumberID +
				" (it has only 300000000000009 (+15550000009)): set waba_id", plugin.CheckWABANotOwner},
		{"unreachable", map[string]any{"graph_base_url": closed.URL}, sdk.ClassRetryable, "could not reach the Graph API at " + closed.URL, plugin.CheckAPIUnreachable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := f.plugin
			if tc.config != nil {
				p = f.openAllowing(tc.config, hostOf(closed.URL))
			}
			err := p.Check(context.Background())
			if class, _, _ := sdk.ClassOf(err); class != tc.class || (tc.want == "" && err != nil) || (tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want))) {
				t.Fatalf("Check = %v (class %v), want class %v with %q", err, class, tc.class, tc.want)
			}
			wantCheckReason(t, err, tc.reason)
		})
	}
	if n := f.served("GET /v21.0/" + sim.DemoPhoneNumberID); n == 0 {
		t.Errorf("the check did not ask the Graph API for the phone number")
	}
	if n := f.served("GET /v21.0/" + sim.DemoWABAID + "/phone_numbers"); n == 0 {
		t.Errorf("the check did not ask the Graph API for the business account's numbers")
	}

	f.sim.ExpireToken(sim.DemoAccessToken)
	if err := f.plugin.Check(context.Background()); !strings.Contains(err.Error(), "Graph error 190") {
		t.Errorf("expired token: %v", err)
	}
}

// TestCheckEgress: a Graph API host the egress guard refuses is reported
// as such, not as a WhatsApp answer.
func TestCheckEgress(t *testing.T) {
	f := newFixture(t, nil, nil)
	p := &Plugin{}
	cfg, err := p.Manifest().Config.Parse(simConfig(f.api.URL)) // the simulator's host is not allowed
	if err != nil {
		t.Fatal(err)
	}
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "c", Config: cfg, Host: sdktest.NewHost(t, manifest)}); err != nil {
		t.Fatal(err)
	}
	err = p.Check(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not an allowed egress host") {
		t.Fatalf("Check = %v", err)
	}
	wantCheckReason(t, err, plugin.CheckEgressRefused)
}

// TestSubprocessCheck: the check runs in the plugin process and its
// verdict, with its class, reaches the host.
func TestSubprocessCheck(t *testing.T) {
	f, _ := conformanceSim(t)
	p := startSubprocess(t, hostOf(f.api.URL))
	for token, class := range map[string]sdk.Class{sim.DemoAccessToken: sdk.ClassNone, "bad": sdk.ClassAuth} {
		raw := simConfig(f.api.URL)
		raw["access_token"] = token
		cfg, err := p.Manifest().Config.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		conn, err := p.Open(context.Background(), sdk.Connection{ID: "conn-" + token, Config: cfg, Host: sdktest.NewHost(t, manifest)})
		if err != nil {
			t.Fatal(err)
		}
		err = conn.Check(context.Background())
		if c, _, _ := sdk.ClassOf(err); c != class {
			t.Errorf("token %q: Check = %v (class %v), want class %v", token, err, c, class)
		}
	}
}

// openAllowing opens a connection to f's simulator with config overrides,
// its egress also allowing host.
func (f *fixture) openAllowing(extra map[string]any, host string) *simHosted {
	f.t.Helper()
	raw := simConfig(f.api.URL)
	for k, v := range extra {
		raw[k] = v
	}
	p := &simHosted{Plugin: &Plugin{}, hosts: []string{hostOf(f.api.URL), host}}
	cfg, err := p.Manifest().Config.Parse(raw)
	if err != nil {
		f.t.Fatal(err)
	}
	h := sdktest.NewHost(f.t, p.Manifest())
	if err := sdk.Open(context.Background(), p, sdk.Connection{ID: "conn-check", Config: cfg, Host: h}); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { _ = sdk.Close(p) })
	return p
}

// TestCheckPagesThroughNumbers: the number is found however many numbers
// its business account lists before it (Graph pages the edge).
func TestCheckPagesThroughNumbers(t *testing.T) {
	f := newFixture(t, func(c *sim.Config) {
		var many []sim.PhoneNumber
		for i := range 150 {
			many = append(many, sim.PhoneNumber{ID: fmt.Sprintf("4%014d", i), DisplayPhoneNumber: fmt.Sprintf("1555%07d", i)})
		}
		c.Accounts[0].PhoneNumbers = append(many, c.Accounts[0].PhoneNumbers...)
	}, nil)
	if err := f.plugin.Check(context.Background()); err != nil {
		t.Fatalf("Check = %v", err)
	}
	if n := f.served("GET /v21.0/" + sim.DemoWABAID + "/phone_numbers"); n != 2 {
		t.Errorf("%d pages of numbers read, want 2", n)
	}
}

// wantCheckReason: the check's error, as the host stores it, reads back
// as reason (none when reason is "").
func wantCheckReason(t *testing.T, err error, reason string) {
	t.Helper()
	var got []plugin.CheckProblem
	if err != nil {
		got = plugin.CheckProblems(err.Error())
	}
	if (reason == "") != (len(got) == 0) || (reason != "" && (len(got) != 1 || got[0].Reason != reason)) {
		t.Fatalf("%v reads back as %+v, want %q", err, got, reason)
	}
}
