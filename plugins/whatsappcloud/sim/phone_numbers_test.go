package sim

import (
	"strings"
	"testing"
)

// TestPhoneNumbersEdge: GET /{waba-id}/phone_numbers lists the account's
// numbers page by page, and refuses as Graph does: an unknown or unseen
// account is an unsupported request (100, subcode 33), a phone number's
// ID is a node without that edge (100), a bad token is 190.
func TestPhoneNumbersEdge(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.Accounts[0].PhoneNumbers = append(c.Accounts[0].PhoneNumbers,
			PhoneNumber{ID: "200000000000002", DisplayPhoneNumber: "15550000002"},
			PhoneNumber{ID: "200000000000003", DisplayPhoneNumber: "15550000003"})
		c.Accounts = append(c.Accounts, BusinessAccount{ID: "300000000000001", AccessTokens: []string{"other-token"},
			PhoneNumbers: []PhoneNumber{{ID: "300000000000009", DisplayPhoneNumber: "15550000009"}}})
	})
	status, body := f.do("GET", "/v21.0/"+DemoWABAID+"/phone_numbers?fields=id,display_phone_number&limit=2", DemoAccessToken, nil, "")
	page := decode(t, body)
	after, _ := dig(page, "paging", "cursors", "after").(string)
	if status != 200 || len(page["data"].([]any)) != 2 || dig(page, "paging", "next") == nil || after == "" {
		t.Fatalf("first page: %d %s", status, body)
	}
	if keys := sortedKeys(dig(page, "data", 0).(map[string]any)); strings.Join(keys, ",") != "display_phone_number,id" {
		t.Errorf("fields %v", keys)
	}
	_, body = f.do("GET", "/v21.0/"+DemoWABAID+"/phone_numbers?limit=2&after="+after, DemoAccessToken, nil, "")
	page = decode(t, body)
	if len(page["data"].([]any)) != 1 || dig(page, "data", 0, "id") != "200000000000003" || page["paging"].(map[string]any)["next"] != nil {
		t.Fatalf("last page: %s", body)
	}

	for _, tc := range []struct {
		name, waba, token string
		status, code      int
		subcode           float64
		message           string
	}{
		{"unknown account", "999999999999999", DemoAccessToken, 400, 100, 33, "Object with ID '999999999999999' does not exist"},
		{"another token's account", "300000000000001", DemoAccessToken, 400, 100, 33, "Object with ID '300000000000001' does not exist"},
		{"a phone number's ID", DemoPhoneNumberID, DemoAccessToken, 400, 100, 0, "nonexisting field (phone_numbers) on node type (WhatsAppBusinessPhoneNumber)"},
		{"another token's number", "300000000000009", DemoAccessToken, 400, 100, 33, "Object with ID '300000000000009' does not exist"},
		{"bad token", DemoWABAID, "bad", 401, 190, 0, "Invalid OAuth access token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.do("GET", "/v21.0/"+tc.waba+"/phone_numbers", tc.token, nil, "")
			got := decode(t, body)
			sub, _ := dig(got, "error", "error_subcode").(float64)
			msg, _ := dig(got, "error", "message").(string)
			if status != tc.status || graphCode(got) != tc.code || sub != tc.subcode || !strings.Contains(msg, tc.message) || dig(got, "error", "fbtrace_id") == "" {
				t.Errorf("%d %s", status, body)
			}
		})
	}
}
