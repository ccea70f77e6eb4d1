package sim

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// otherAccount is a second account with its own service.
var otherAccount = Account{SID: "AC00000000000000000000000000000002", AuthToken: "other-token",
	PhoneNumbers:      []PhoneNumber{{Number: "+15557120001"}},
	MessagingServices: []MessagingService{{SID: "MG00000000000000000000000000000002", Senders: []string{"+15557120001"}}}}

// TestServiceFetch: GET /v1/Services/{Sid} answers the Messaging Service
// resource to its account's credentials (auth token or API key), 20003 to
// others, and 20404 for a service the account does not have, another
// account's included, in Twilio's error body.
func TestServiceFetch(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Accounts = append(c.Accounts, otherAccount) })
	path := servicesPrefix + DemoServiceSID
	for _, creds := range [][2]string{{DemoAccountSID, DemoAuthToken}, {DemoAPIKeySID, DemoAPIKey}} {
		status, body := f.request("GET", path, creds[0], creds[1], nil)
		if status != 200 || body["sid"] != DemoServiceSID || body["account_sid"] != DemoAccountSID || body["inbound_request_url"] != nil ||
			body["inbound_method"] != "POST" || body["use_inbound_webhook_on_number"] != false || body["url"] != f.api.URL+path ||
			body["date_created"] != t0.Format("2006-01-02T15:04:05Z") {
			t.Fatalf("fetch as %s: %d %v", creds[0], status, body)
		}
	}
	for _, tc := range []struct {
		name, path, user, pass string
		status, code           int
	}{
		{"no credentials", path, "", "", 401, 20003},
		{"wrong token", path, DemoAccountSID, "nope", 401, 20003},
		{"API key, wrong secret", path, DemoAPIKeySID, DemoAuthToken, 401, 20003},
		{"unknown account", path, "AC99999999999999999999999999999999", DemoAuthToken, 401, 20003},
		{"unknown service", servicesPrefix + "MG99999999999999999999999999999999", DemoAccountSID, DemoAuthToken, 404, 20404},
		{"another account's service", servicesPrefix + otherAccount.MessagingServices[0].SID, DemoAccountSID, DemoAuthToken, 404, 20404},
		{"not a service SID", servicesPrefix + "nope", DemoAccountSID, DemoAuthToken, 404, 20404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.request("GET", tc.path, tc.user, tc.pass, nil)
			assertAPIError(t, status, body, tc.status, tc.code)
		})
	}
	if status, body := f.request("GET", servicesPrefix+otherAccount.MessagingServices[0].SID, otherAccount.SID, otherAccount.AuthToken, nil); status != 200 {
		t.Fatalf("the other account's own service: %d %v", status, body)
	}
}

// TestServiceInboundRouting: messages to a service's number follow the
// service, as on Twilio: dropped while its inbound request URL is unset
// (the number's SMS URL does not count), sent to the URL POST
// /v1/Services/{Sid} sets, and to the number's own SMS URL once the
// service defers to it (UseInboundWebhookOnNumber). A number in no service
// keeps its SMS URL.
func TestServiceInboundRouting(t *testing.T) {
	f := newFixture(t, nil) // every number's SMS URL is /sms
	update := func(form url.Values) (int, map[string]any) {
		return f.request("POST", servicesPrefix+DemoServiceSID, DemoAccountSID, DemoAuthToken, form)
	}
	inbound := func(to, body string) {
		t.Helper()
		if _, err := f.sim.InjectInbound(Inbound{From: handset, To: to, Body: body}); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(0)
	}
	inbound(DemoPoolNumber1, "dropped")
	if got := f.hooks.hooks("/sms"); len(got) != 0 {
		t.Fatalf("a service without an inbound request URL delivered %+v", got)
	}
	if status, body := postJSON(t, f.api.URL+"/_sim/inbound", `{"from":"`+handset+`","to":"`+DemoPoolNumber1+`","body":"x"}`); status != 409 || !strings.Contains(body, "no_webhook") {
		t.Fatalf("/_sim/inbound to a service without a URL: %d %s", status, body)
	}

	for _, tc := range []struct {
		name         string
		form         url.Values
		user, pass   string
		status, code int
	}{
		{"wrong token", url.Values{"InboundRequestUrl": {f.hooks.srv.URL + "/svc"}}, DemoAccountSID, "nope", 401, 20003},
		{"a bad URL", url.Values{"InboundRequestUrl": {"not a url"}}, DemoAccountSID, DemoAuthToken, 400, 21502},
		{"a bad method", url.Values{"InboundMethod": {"PUT"}}, DemoAccountSID, DemoAuthToken, 400, 20001},
		{"a bad boolean", url.Values{"UseInboundWebhookOnNumber": {"maybe"}}, DemoAccountSID, DemoAuthToken, 400, 20001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.request("POST", servicesPrefix+DemoServiceSID, tc.user, tc.pass, tc.form)
			assertAPIError(t, status, body, tc.status, tc.code)
		})
	}
	status, body := update(url.Values{"InboundRequestUrl": {f.hooks.srv.URL + "/svc"}, "InboundMethod": {"POST"}})
	if status != 200 || body["inbound_request_url"] != f.hooks.srv.URL+"/svc" || body["date_updated"] != t0.Format("2006-01-02T15:04:05Z") {
		t.Fatalf("update: %d %v", status, body)
	}
	inbound(DemoPoolNumber1, "to the service")
	inbound(DemoNumber, "to a number in no service")
	svc, sms := f.hooks.hooks("/svc"), f.hooks.hooks("/sms")
	if len(svc) != 1 || svc[0].params.Get("Body") != "to the service" || svc[0].params.Get("MessagingServiceSid") != DemoServiceSID ||
		len(sms) != 1 || sms[0].params.Get("Body") != "to a number in no service" {
		t.Fatalf("after setting the service's URL: /svc %+v, /sms %+v", svc, sms)
	}

	if status, body := update(url.Values{"UseInboundWebhookOnNumber": {"true"}}); status != 200 || body["use_inbound_webhook_on_number"] != true ||
		body["inbound_request_url"] != f.hooks.srv.URL+"/svc" {
		t.Fatalf("defer to the number: %d %v", status, body)
	}
	inbound(DemoPoolNumber2, "to the number's URL")
	if got := f.hooks.hooks("/sms"); len(got) != 2 || got[1].params.Get("Body") != "to the number's URL" {
		t.Fatalf("a deferring service: %+v", got)
	}

	if status, _ := update(url.Values{"UseInboundWebhookOnNumber": {"false"}, "InboundMethod": {"get"}}); status != 200 {
		t.Fatal(status)
	}
	inbound(DemoPoolNumber2, "by GET")
	cbs := f.sim.Callbacks()
	if last := cbs[len(cbs)-1]; last.Method != http.MethodGet || !strings.HasPrefix(last.URL, f.hooks.srv.URL+"/svc?") || !last.Delivered {
		t.Fatalf("inbound by GET: %+v", last)
	}
	if status, body := update(url.Values{"InboundRequestUrl": {""}}); status != 200 || body["inbound_request_url"] != nil {
		t.Fatalf("clearing the URL: %d %v", status, body)
	}
}

// TestNumberInOneService: Twilio puts a number in one Messaging Service at
// most, so a configuration with one in two is refused.
func TestNumberInOneService(t *testing.T) {
	cfg := DefaultConfig()
	a := &cfg.Accounts[0]
	a.MessagingServices = append(a.MessagingServices, MessagingService{SID: "MG00000000000000000000000000000009", Senders: []string{DemoPoolNumber1}})
	if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), "already in service "+DemoServiceSID) {
		t.Fatalf("New = %v", err)
	}
}
