package sim

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestCreateMatchesVector sends the published request and compares the
// answer with the published Message resource: same keys, same JSON types,
// same values where they are not minted per message.
func TestCreateMatchesVector(t *testing.T) {
	var vec struct {
		Request struct {
			Form map[string]string `json:"form"`
		} `json:"request"`
		ResponseBody map[string]any `json:"response_body"`
	}
	if err := json.Unmarshal(readVector(t, "message_create_example.json"), &vec); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, nil)
	form := url.Values{}
	for k, v := range vec.Request.Form {
		form.Set(k, v)
	}
	status, got := f.create(form)
	if status != 201 {
		t.Fatalf("create: %d %v", status, got)
	}
	want := vec.ResponseBody
	if !reflect.DeepEqual(sortedKeys(got), sortedKeys(want)) {
		t.Fatalf("keys %v, want %v", sortedKeys(got), sortedKeys(want))
	}
	for k, w := range want {
		if k == "messaging_service_sid" { // the example's sender is in a service; DemoNumber is not
			continue
		}
		if fmt.Sprintf("%T", got[k]) != fmt.Sprintf("%T", w) {
			t.Errorf("%s: %T, want %T", k, got[k], w)
		}
	}
	for _, k := range []string{"api_version", "body", "direction", "from", "num_media", "num_segments", "status", "to", "error_code", "price"} {
		if !reflect.DeepEqual(got[k], want[k]) {
			t.Errorf("%s = %v, want %v", k, got[k], want[k])
		}
	}
	sid := got["sid"].(string)
	if !regexp.MustCompile(`^SM[0-9a-f]{32}$`).MatchString(sid) ||
		got["uri"] != "/2010-04-01/Accounts/"+DemoAccountSID+"/Messages/"+sid+".json" ||
		!regexp.MustCompile(`^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$`).MatchString(got["date_created"].(string)) {
		t.Fatalf("sid, uri or date: %v", got)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestCreateErrors(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.Accounts = append(c.Accounts, Account{SID: "AC00000000000000000000000000000002", AuthToken: "other",
			PhoneNumbers: []PhoneNumber{{Number: "+15550000002"}}})
	})
	f.sim.SetRecipient("+15550001111", Recipient{Reject: 21614})
	with := func(mutate func(url.Values)) url.Values {
		v := f.sms("oi")
		mutate(v)
		return v
	}
	cases := []struct {
		name   string
		form   url.Values
		status int
		code   int
	}{
		{"no To", with(func(v url.Values) { v.Del("To") }), 400, 21604},
		{"no From", with(func(v url.Values) { v.Del("From") }), 400, 21603},
		{"no Body", with(func(v url.Values) { v.Del("Body") }), 400, 21602},
		{"service without body", url.Values{"MessagingServiceSid": {DemoServiceSID}, "To": {handset}}, 400, 21619},
		{"body over 1600", with(func(v url.Values) { v.Set("Body", strings.Repeat("a", 1601)) }), 400, 21617},
		{"invalid To", with(func(v url.Values) { v.Set("To", "11987654321") }), 400, 21211},
		{"invalid From", with(func(v url.Values) { v.Set("From", "+1-555") }), 400, 21212},
		{"From not owned", with(func(v url.Values) { v.Set("From", "+15550000002") }), 400, 21606},
		{"To equals From", with(func(v url.Values) { v.Set("To", DemoNumber) }), 400, 21266},
		{"bad StatusCallback", with(func(v url.Values) { v.Set("StatusCallback", "not a url") }), 400, 21609},
		{"bad MediaUrl", with(func(v url.Values) { v.Set("MediaUrl", "ftp://x/y.png") }), 400, 21620},
		{"unknown service", url.Values{"MessagingServiceSid": {"MGffffffffffffffffffffffffffffffff"}, "To": {handset}, "Body": {"x"}}, 400, 21705},
		{"landline", with(func(v url.Values) { v.Set("To", "+15550001111") }), 400, 21614},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.create(tc.form)
			assertAPIError(t, status, body, tc.status, tc.code)
		})
	}
	if n := len(f.sim.Messages(Filter{})); n != 0 {
		t.Fatalf("%d messages recorded from rejected requests", n)
	}
}

// assertAPIError checks Twilio's error body shape and values.
func assertAPIError(t *testing.T, status int, body map[string]any, wantStatus, wantCode int) {
	t.Helper()
	if status != wantStatus || errorCode(body) != wantCode {
		t.Fatalf("got %d %v, want %d code %d", status, body, wantStatus, wantCode)
	}
	if !reflect.DeepEqual(sortedKeys(body), []string{"code", "message", "more_info", "status"}) ||
		body["status"] != float64(wantStatus) || body["more_info"] != fmt.Sprintf("https://www.twilio.com/docs/errors/%d", wantCode) {
		t.Fatalf("error body %v", body)
	}
}

func TestAuthentication(t *testing.T) {
	f := newFixture(t, nil)
	path := apiPrefix + DemoAccountSID + "/Messages.json"
	cases := []struct {
		name, user, pass, path string
		status                 int
	}{
		{"no credentials", "", "", path, 401},
		{"wrong token", DemoAccountSID, "nope", path, 401},
		{"API key", DemoAPIKeySID, DemoAPIKey, path, 201},
		{"API key, wrong secret", DemoAPIKeySID, DemoAuthToken, path, 401},
		{"unknown account in URL", DemoAccountSID, DemoAuthToken, apiPrefix + "AC99999999999999999999999999999999/Messages.json", 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.request("POST", tc.path, tc.user, tc.pass, f.sms("oi"))
			if status != tc.status {
				t.Fatalf("got %d %v, want %d", status, body, tc.status)
			}
			if status == 401 {
				assertAPIError(t, status, body, 401, 20003)
			}
		})
	}
}

func TestFetchAndList(t *testing.T) {
	f := newFixture(t, nil)
	first := f.mustCreate(f.sms("primeira"))
	second := f.mustCreate(f.sms("segunda"))
	other := f.mustCreate(url.Values{"From": {DemoNumber}, "To": {"+5511900000000"}, "Body": {"x"}})
	base := apiPrefix + DemoAccountSID + "/Messages"
	status, got := f.request("GET", base+"/"+first+".json", DemoAccountSID, DemoAuthToken, nil)
	if status != 200 || got["sid"] != first || got["body"] != "primeira" {
		t.Fatalf("fetch: %d %v", status, got)
	}
	status, got = f.request("GET", base+"/SM00000000000000000000000000000000.json", DemoAccountSID, DemoAuthToken, nil)
	assertAPIError(t, status, got, 404, 20404)

	status, page := f.request("GET", base+".json?To="+url.QueryEscape(handset)+"&PageSize=1", DemoAccountSID, DemoAuthToken, nil)
	msgs := page["messages"].([]any)
	if status != 200 || len(msgs) != 1 || msgs[0].(map[string]any)["sid"] != second || page["next_page_uri"] == nil {
		t.Fatalf("first page: %d %v", status, page)
	}
	_, page = f.request("GET", page["next_page_uri"].(string), DemoAccountSID, DemoAuthToken, nil)
	msgs = page["messages"].([]any)
	if len(msgs) != 1 || msgs[0].(map[string]any)["sid"] != first || page["next_page_uri"] != nil {
		t.Fatalf("second page: %v", page)
	}
	_, page = f.request("GET", base+".json", DemoAccountSID, DemoAuthToken, nil)
	if msgs := page["messages"].([]any); len(msgs) != 3 || msgs[0].(map[string]any)["sid"] != other {
		t.Fatalf("unfiltered list, newest first: %v", page)
	}
}
