package sim

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestIncomingPhoneNumbers: the account's numbers list with Twilio's list
// shape (phone numbers only, filtered by PhoneNumber) under the Messages
// endpoints' authentication; updating one's SmsUrl (and SmsMethod) answers
// the number resource, and the number's inbound messages then go there,
// signed over the URL Twilio calls.
func TestIncomingPhoneNumbers(t *testing.T) {
	f := newFixture(t, nil)
	list := apiPrefix + DemoAccountSID + "/IncomingPhoneNumbers.json"
	status, body := f.request("GET", list, DemoAccountSID, DemoAuthToken, nil)
	numbers, _ := body["incoming_phone_numbers"].([]any)
	if status != 200 || len(numbers) != 3 || body["page_size"] != float64(50) || body["next_page_uri"] != nil {
		t.Fatalf("list: %d %v", status, body)
	}
	status, body = f.request("GET", list+"?"+url.Values{"PhoneNumber": {DemoNumber}}.Encode(), DemoAPIKeySID, DemoAPIKey, nil)
	numbers, _ = body["incoming_phone_numbers"].([]any)
	if status != 200 || len(numbers) != 1 {
		t.Fatalf("list by PhoneNumber: %d %v", status, body)
	}
	pn := numbers[0].(map[string]any)
	sid, _ := pn["sid"].(string)
	if !strings.HasPrefix(sid, "PN") || len(sid) != 34 || pn["phone_number"] != DemoNumber || pn["sms_method"] != "POST" ||
		pn["uri"] != apiPrefix+DemoAccountSID+"/IncomingPhoneNumbers/"+sid+".json" || pn["account_sid"] != DemoAccountSID {
		t.Fatalf("number resource: %v", pn)
	}
	if status, body := f.request("GET", list+"?PhoneNumber=%2B1555712266*", DemoAccountSID, DemoAuthToken, nil); status != 200 || len(body["incoming_phone_numbers"].([]any)) != 3 {
		t.Fatalf("a wildcard: %d %v", status, body)
	}
	status, body = f.request("GET", list, DemoAccountSID, "wrong", nil)
	assertAPIError(t, status, body, 401, 20003)

	update := apiPrefix + DemoAccountSID + "/IncomingPhoneNumbers/" + sid + ".json"
	for _, tc := range []struct {
		name, path, pass string
		form             url.Values
		status, code     int
	}{
		{"wrong credentials", update, "wrong", url.Values{"SmsUrl": {f.hooks.srv.URL + "/new"}}, 401, 20003},
		{"an unknown number", apiPrefix + DemoAccountSID + "/IncomingPhoneNumbers/PN00000000000000000000000000000000.json", DemoAuthToken, url.Values{"SmsUrl": {f.hooks.srv.URL + "/new"}}, 404, 20404},
		{"a bad SmsUrl", update, DemoAuthToken, url.Values{"SmsUrl": {"not a url"}}, 400, 21502},
		{"a bad SmsMethod", update, DemoAuthToken, url.Values{"SmsUrl": {f.hooks.srv.URL + "/new"}, "SmsMethod": {"PUT"}}, 400, 20001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.request("POST", tc.path, DemoAccountSID, tc.pass, tc.form)
			assertAPIError(t, status, body, tc.status, tc.code)
		})
	}

	status, body = f.request("POST", update, DemoAccountSID, DemoAuthToken, url.Values{"SmsUrl": {f.hooks.srv.URL + "/new"}, "SmsMethod": {"POST"}})
	if status != 200 || body["sms_url"] != f.hooks.srv.URL+"/new" || body["sid"] != sid {
		t.Fatalf("update: %d %v", status, body)
	}
	if _, err := f.sim.InjectInbound(Inbound{From: handset, To: DemoNumber, Body: "oi"}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	if got := f.hooks.hooks("/new"); len(got) != 1 || got[0].params.Get("Body") != "oi" {
		t.Fatalf("inbound after the update: %+v", got)
	}

	if status, body := f.request("POST", update, DemoAccountSID, DemoAuthToken, url.Values{"SmsUrl": {f.hooks.srv.URL + "/get?conn=c1"}, "SmsMethod": {"GET"}}); status != 200 || body["sms_method"] != "GET" {
		t.Fatalf("update to GET: %d %v", status, body)
	}
	if _, err := f.sim.InjectInbound(Inbound{From: handset, To: DemoNumber, Body: "de novo"}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	cbs := f.sim.Callbacks()
	last := cbs[len(cbs)-1]
	if len(f.hooks.hooks("/get")) != 1 || last.Method != http.MethodGet || !last.Delivered || !strings.Contains(last.URL, "conn=c1&") || !strings.Contains(last.URL, "Body=de+novo") {
		t.Fatalf("inbound by GET: %+v", last)
	}
}

// TestShortCodes: the account's short codes list with Twilio's list shape
// under the same authentication, filtered by ShortCode; phone numbers are
// not among them.
func TestShortCodes(t *testing.T) {
	f := newFixture(t, nil)
	list := apiPrefix + DemoAccountSID + "/SMS/ShortCodes.json"
	status, body := f.request("GET", list+"?ShortCode="+DemoShortCode, DemoAPIKeySID, DemoAPIKey, nil)
	codes, _ := body["short_codes"].([]any)
	if status != 200 || len(codes) != 1 || body["next_page_uri"] != nil {
		t.Fatalf("list: %d %v", status, body)
	}
	sc := codes[0].(map[string]any)
	sid, _ := sc["sid"].(string)
	if !strings.HasPrefix(sid, "SC") || len(sid) != 34 || sc["short_code"] != DemoShortCode || sc["account_sid"] != DemoAccountSID ||
		sc["uri"] != apiPrefix+DemoAccountSID+"/SMS/ShortCodes/"+sid+".json" {
		t.Fatalf("short code resource: %v", sc)
	}
	if status, body := f.request("GET", list+"?ShortCode=99999", DemoAccountSID, DemoAuthToken, nil); status != 200 || len(body["short_codes"].([]any)) != 0 {
		t.Fatalf("another code: %d %v", status, body)
	}
	status, body = f.request("GET", list, DemoAccountSID, "wrong", nil)
	assertAPIError(t, status, body, 401, 20003)
}
