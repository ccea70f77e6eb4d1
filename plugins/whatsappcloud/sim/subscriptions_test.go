package sim

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// alternate is an alternate callback: it passes the verification
// handshake for its token and records the paths of the webhooks posted.
type alternate struct {
	srv   *httptest.Server
	token string

	mu        sync.Mutex
	handshake int
	posts     []string
}

func newAlternate(t *testing.T, token string) *alternate {
	a := &alternate{token: token}
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		defer a.mu.Unlock()
		if r.Method == http.MethodGet {
			q := r.URL.Query()
			if q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != a.token {
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
			a.handshake++
			fmt.Fprint(w, q.Get("hub.challenge"))
			return
		}
		a.posts = append(a.posts, r.URL.Path)
	}))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *alternate) received() (handshakes int, posts []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.handshake, append([]string(nil), a.posts...)
}

// TestSubscribedAppsOverride: POST /{waba}/subscribed_apps with
// override_callback_uri and verify_token runs Meta's handshake against the
// callback and answers {"success":true}, or 2200 when it fails; the
// account's messages webhooks then go there, and GET lists it. DELETE
// unsubscribes the app, which then gets none.
func TestSubscribedAppsOverride(t *testing.T) {
	f := newFixture(t, nil)
	alt := newAlternate(t, "alt-token")
	path := "/v21.0/" + DemoWABAID + "/subscribed_apps"
	post := func(token, body string) (int, map[string]any) {
		t.Helper()
		status, b := f.do("POST", path, token, strings.NewReader(body), "application/json")
		return status, decode(t, b)
	}
	override := func(uri, verify string) string {
		return fmt.Sprintf(`{"override_callback_uri":%q,"verify_token":%q}`, uri, verify)
	}
	inbound := func() {
		t.Helper()
		if _, err := f.sim.InjectInbound(InboundText(user, "oi")); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(0)
	}

	status, b := f.do("GET", path, DemoAccessToken, nil, "")
	if got := decode(t, b); status != 200 || dig(got, "data", 0, "whatsapp_business_api_data", "id") != "670843887433847" ||
		dig(got, "data", 0).(map[string]any)["override_callback_uri"] != nil {
		t.Fatalf("GET before an override: %d %s", status, b)
	}
	for _, tc := range []struct {
		name, token, body string
		status, code      int
		says              string
	}{
		{"a wrong token", "nope", override(alt.srv.URL, "alt-token"), 401, 190, ""},
		{"no token", "", override(alt.srv.URL, "alt-token"), 400, 2500, ""},
		{"the callback refusing the verify token", DemoAccessToken, override(alt.srv.URL+"/hooks/c2", "wrong"), 400, 2200,
			"(#2200) Callback verification failed with the following errors: HTTP Status Code = 403"},
		{"a callback that is not a URL", DemoAccessToken, override("not a url", "alt-token"), 400, 100, "valid URL"},
		{"a callback over 200 characters", DemoAccessToken, override(alt.srv.URL+"/"+strings.Repeat("x", 200), "alt-token"), 400, 100, "200 characters"},
		{"no verify token", DemoAccessToken, `{"override_callback_uri":"` + alt.srv.URL + `"}`, 400, 100, "verify_token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, got := post(tc.token, tc.body)
			msg, _ := dig(got, "error", "message").(string)
			if status != tc.status || graphCode(got) != tc.code || !strings.Contains(msg, tc.says) {
				t.Fatalf("%d %v", status, got)
			}
		})
	}
	inbound()
	if _, posts := alt.received(); len(posts) != 0 || len(f.hooks.notifications()) != 1 {
		t.Fatalf("after refused overrides the webhook went to %v, app callback got %d", posts, len(f.hooks.notifications()))
	}

	if status, got := post(DemoAccessToken, override(alt.srv.URL+"/hooks/c2", "alt-token")); status != 200 || got["success"] != true {
		t.Fatalf("override: %d %v", status, got)
	}
	status, b = f.do("GET", path, DemoAccessToken, nil, "")
	if got := decode(t, b); status != 200 || dig(got, "data", 0, "override_callback_uri") != alt.srv.URL+"/hooks/c2" {
		t.Fatalf("GET after the override: %d %s", status, b)
	}
	inbound()
	if handshakes, posts := alt.received(); handshakes != 1 || len(posts) != 1 || posts[0] != "/hooks/c2" || len(f.hooks.notifications()) != 1 {
		t.Fatalf("after the override: %d handshakes, posts %v, app callback got %d", handshakes, posts, len(f.hooks.notifications()))
	}

	if status, b := f.do("DELETE", path, DemoAccessToken, nil, ""); status != 200 || !strings.Contains(string(b), `"success":true`) {
		t.Fatalf("DELETE: %d %s", status, b)
	}
	if status, b := f.do("GET", path, DemoAccessToken, nil, ""); status != 200 || strings.TrimSpace(string(b)) != `{"data":[]}` {
		t.Fatalf("GET after DELETE: %d %s", status, b)
	}
	if status, b := f.do("POST", "/_sim/inbound", "", strings.NewReader(`{"from":"`+user+`","text":"oi"}`), "application/json"); status != 409 {
		t.Fatalf("inbound with the app unsubscribed: %d %s", status, b)
	}
}

// TestPhoneNumberOverride: POST /{phone-number-id} with a form's
// webhook_configuration sets the number's alternate callback after the
// handshake; it wins over the account's, GET ?fields=webhook_configuration
// shows every level, and an empty override removes it.
func TestPhoneNumberOverride(t *testing.T) {
	f := newFixture(t, nil)
	waba, num := newAlternate(t, "waba-token"), newAlternate(t, "number-token")
	if status, b := f.do("POST", "/v21.0/"+DemoWABAID+"/subscribed_apps", DemoAccessToken,
		strings.NewReader(url.Values{"override_callback_uri": {waba.srv.URL + "/waba"}, "verify_token": {"waba-token"}}.Encode()),
		"application/x-www-form-urlencoded"); status != 200 {
		t.Fatalf("account override (form): %d %s", status, b)
	}
	configure := func(uri, token string) (int, map[string]any) {
		t.Helper()
		form := url.Values{"webhook_configuration": {fmt.Sprintf(`{"override_callback_uri":%q,"verify_token":%q}`, uri, token)}}
		status, b := f.do("POST", "/v21.0/"+DemoPhoneNumberID, DemoAccessToken, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
		return status, decode(t, b)
	}
	if status, got := configure(num.srv.URL+"/number", "wrong"); status != 400 || graphCode(got) != 2200 {
		t.Fatalf("a refused number override: %d %v", status, got)
	}
	if status, got := configure(num.srv.URL+"/number", "number-token"); status != 200 || got["success"] != true {
		t.Fatalf("number override: %d %v", status, got)
	}
	status, b := f.do("GET", "/v21.0/"+DemoPhoneNumberID+"?fields=webhook_configuration", DemoAccessToken, nil, "")
	got := decode(t, b)
	if status != 200 || dig(got, "webhook_configuration", "phone_number") != num.srv.URL+"/number" ||
		dig(got, "webhook_configuration", "whatsapp_business_account") != waba.srv.URL+"/waba" ||
		dig(got, "webhook_configuration", "application") != f.hooks.srv.URL+"/hooks/conn-1" {
		t.Fatalf("webhook_configuration: %d %s", status, b)
	}
	if _, err := f.sim.InjectInbound(InboundText(user, "oi")); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	if _, posts := num.received(); len(posts) != 1 {
		t.Fatalf("the number's callback got %v", posts)
	}
	if status, got := configure("", ""); status != 200 || got["success"] != true {
		t.Fatalf("removing the number override: %d %v", status, got)
	}
	if _, err := f.sim.InjectInbound(InboundText(user, "de novo")); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	if _, posts := waba.received(); len(posts) != 1 || posts[0] != "/waba" {
		t.Fatalf("after removing the number's override the account's callback got %v", posts)
	}
	if status, b := f.do("POST", "/v21.0/999", DemoAccessToken, strings.NewReader(`{}`), "application/json"); status != 400 || graphCode(decode(t, b)) != 100 {
		t.Fatalf("an unknown node: %d %s", status, b)
	}
}
