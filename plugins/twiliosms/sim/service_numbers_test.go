package sim

import (
	"strings"
	"testing"
)

// TestServiceNumbers: GET /v1/Services/{Sid}/PhoneNumbers lists the
// service's sender pool to its account (auth token or API key), in the
// Messaging API's shape: ISO dates, capabilities as a list, and a "meta"
// whose next_page_url (with its PageToken) walks every page; 20003 to
// other credentials, 20404 for another account's service, and 20001 for a
// page token that names no number.
func TestServiceNumbers(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Accounts = append(c.Accounts, otherAccount) })
	path := servicesPrefix + DemoServiceSID + "/PhoneNumbers"
	for _, creds := range [][2]string{{DemoAccountSID, DemoAuthToken}, {DemoAPIKeySID, DemoAPIKey}} {
		status, body := f.request("GET", path, creds[0], creds[1], nil)
		nums, _ := body["phone_numbers"].([]any)
		meta, _ := body["meta"].(map[string]any)
		if status != 200 || len(nums) != 2 || meta["key"] != "phone_numbers" || meta["next_page_url"] != nil || meta["page_size"] != 50.0 {
			t.Fatalf("list as %s: %d %v", creds[0], status, body)
		}
		n := nums[0].(map[string]any)
		caps, _ := n["capabilities"].([]any)
		if n["phone_number"] != DemoPoolNumber1 || n["service_sid"] != DemoServiceSID || n["account_sid"] != DemoAccountSID ||
			!strings.HasPrefix(n["sid"].(string), "PN") || n["date_created"] != t0.Format("2006-01-02T15:04:05Z") || len(caps) == 0 ||
			n["url"] != f.api.URL+path+"/"+n["sid"].(string) || n["country_code"] != "US" {
			t.Fatalf("a number: %v", n)
		}
	}

	var walked []string
	next := path + "?PageSize=1"
	for range 3 {
		status, body := f.request("GET", next, DemoAccountSID, DemoAuthToken, nil)
		if status != 200 {
			t.Fatalf("page %s: %d %v", next, status, body)
		}
		for _, n := range body["phone_numbers"].([]any) {
			walked = append(walked, n.(map[string]any)["phone_number"].(string))
		}
		u, _ := body["meta"].(map[string]any)["next_page_url"].(string)
		if u == "" {
			break
		}
		if !strings.Contains(u, "PageToken=PA") {
			t.Fatalf("next_page_url without a page token: %s", u)
		}
		next = strings.TrimPrefix(u, f.api.URL)
	}
	if strings.Join(walked, ",") != DemoPoolNumber1+","+DemoPoolNumber2 {
		t.Fatalf("walked %v", walked)
	}

	for _, tc := range []struct {
		name, path, user, pass string
		status, code           int
	}{
		{"no credentials", path, "", "", 401, 20003},
		{"wrong token", path, DemoAccountSID, "nope", 401, 20003},
		{"unknown service", servicesPrefix + "MG99999999999999999999999999999999/PhoneNumbers", DemoAccountSID, DemoAuthToken, 404, 20404},
		{"another account's service", servicesPrefix + otherAccount.MessagingServices[0].SID + "/PhoneNumbers", DemoAccountSID, DemoAuthToken, 404, 20404},
		{"a bad page token", path + "?PageToken=PAnope", DemoAccountSID, DemoAuthToken, 400, 20001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.request("GET", tc.path, tc.user, tc.pass, nil)
			assertAPIError(t, status, body, tc.status, tc.code)
		})
	}
}
