package sim

import "testing"

// TestAccountFetch: the Account resource answers with the Messages
// endpoints' authentication: the account for its credentials (Auth Token
// or API key), 20003 for others.
func TestAccountFetch(t *testing.T) {
	f := newFixture(t, nil)
	path := apiPrefix + DemoAccountSID + ".json"
	for _, tc := range []struct {
		name, user, pass, path string
		status                 int
	}{
		{"auth token", DemoAccountSID, DemoAuthToken, path, 200},
		{"API key", DemoAPIKeySID, DemoAPIKey, path, 200},
		{"no credentials", "", "", path, 401},
		{"wrong token", DemoAccountSID, "nope", path, 401},
		{"unknown account", DemoAccountSID, DemoAuthToken, apiPrefix + "AC99999999999999999999999999999999.json", 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.request("GET", tc.path, tc.user, tc.pass, nil)
			if status == 401 {
				assertAPIError(t, status, body, 401, 20003)
				return
			}
			if status != tc.status || body["sid"] != DemoAccountSID || body["status"] != "active" || body["uri"] != path {
				t.Fatalf("got %d %v", status, body)
			}
		})
	}
	if status, body := f.request("GET", apiPrefix+DemoAccountSID, DemoAccountSID, DemoAuthToken, nil); status != 404 {
		t.Fatalf("without .json: %d %v", status, body)
	}
}
