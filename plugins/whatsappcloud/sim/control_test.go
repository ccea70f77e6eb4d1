package sim

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestInspectionProvesOneMessagePerRecipient is the campaign check: every
// recipient got exactly one message, read back over HTTP.
func TestInspectionProvesOneMessagePerRecipient(t *testing.T) {
	f := newFixture(t, nil)
	recipients := []string{"5511900000001", "5511900000002", "5511900000003"}
	for _, to := range recipients {
		f.send(fmt.Sprintf(helloWorld, to))
	}
	for _, to := range recipients {
		status, body := f.do("GET", "/_sim/messages?to=%2B"+to, "", nil, "")
		data := decode(t, body)["data"].([]any)
		if status != 200 || len(data) != 1 {
			t.Fatalf("messages to %s: %d %s", to, status, body)
		}
		m := data[0].(map[string]any)
		if m["wa_id"] != to || dig(m, "template", "name") != "hello_world" || m["accepted_at"] == nil ||
			!strings.HasPrefix(m["id"].(string), "wamid.") {
			t.Fatalf("inspection record %v", m)
		}
		if status, _ := f.do("GET", "/_sim/messages/"+m["id"].(string), "", nil, ""); status != 200 {
			t.Fatalf("GET one message: %d", status)
		}
	}
}

func TestControlEndpoints(t *testing.T) {
	f := newFixture(t, nil)
	post := func(path, body string) (int, string) {
		status, b := f.do("POST", path, "", strings.NewReader(body), "application/json")
		return status, string(b)
	}
	if status, body := post("/_sim/inbound", `{"from":"`+user+`","name":"Ana","text":"oi"}`); status != 200 || !strings.Contains(body, "wamid.") {
		t.Fatalf("inject: %d %s", status, body)
	}
	if status, body := post("/_sim/clock/advance?by=1s", ""); status != 200 || !strings.Contains(body, "12:00:01") {
		t.Fatalf("advance: %d %s", status, body)
	}
	if len(f.hooks.notifications()) != 1 {
		t.Fatal("the injected message was not delivered")
	}
	if status, body := post("/_sim/faults", `{"faults":[{"code":130429,"endpoint":"mesages"}]}`); status != 400 || !strings.Contains(body, `"mesages" is not one of`) {
		t.Fatalf("a fault on an unknown endpoint: %d %s", status, body)
	}
	if status, body := post("/_sim/faults", `{"faults":[{"code":130429,"times":1}],"webhooks":{"drop":1}}`); status != 204 {
		t.Fatalf("faults: %d %s", status, body)
	}
	if status, resp := f.send(textTo(user, "x")); status != 400 || graphCode(resp) != 130429 {
		t.Fatalf("injected over HTTP: %d %v", status, resp)
	}
	f.send(textTo(user, "x"))
	post("/_sim/clock/advance?by=1m", "")
	_, body := f.do("GET", "/_sim/webhooks", "", nil, "")
	if !strings.Contains(string(body), `"dropped":true`) {
		t.Fatalf("webhooks %s", body)
	}
	if status, _ := f.do("DELETE", "/_sim/faults", "", nil, ""); status != 204 {
		t.Fatal(status)
	}
	if status, _ := post("/_sim/reset", ""); status != 204 {
		t.Fatal(status)
	}
	_, body = f.do("GET", "/_sim/messages", "", nil, "")
	if string(body) != "{\"data\":[]}\n" {
		t.Fatalf("after reset: %s", body)
	}
	if status, _ := post("/_sim/inbound", `{"from":"x"}`); status != 400 {
		t.Fatalf("bad inbound: %d", status)
	}
}

func TestVerifySubscription(t *testing.T) {
	handshake := func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != DemoVerifyToken {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		fmt.Fprint(w, q.Get("hub.challenge"))
	}
	good := httptest.NewServer(http.HandlerFunc(handshake))
	defer good.Close()
	wrongEcho := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
	defer wrongEcho.Close()
	ctx := context.Background()
	if err := VerifySubscription(ctx, http.DefaultClient, good.URL+"/hooks/c1?x=1", DemoVerifyToken, "1158201444"); err != nil {
		t.Fatalf("good endpoint: %v", err)
	}
	if err := VerifySubscription(ctx, http.DefaultClient, good.URL, "wrong", "1"); err == nil {
		t.Fatal("wrong verify token accepted")
	}
	if err := VerifySubscription(ctx, http.DefaultClient, wrongEcho.URL, DemoVerifyToken, "1"); err == nil {
		t.Fatal("an endpoint that does not echo the challenge passed")
	}
	f := newFixture(t, func(c *Config) { c.WebhookURL = good.URL })
	if err := f.sim.VerifyWebhooks(ctx); err != nil {
		t.Fatalf("VerifyWebhooks: %v", err)
	}
	if status, _ := f.do("POST", "/_sim/verify", "", nil, ""); status != 204 {
		t.Fatalf("POST /_sim/verify: %d", status)
	}
}

func TestListenAndServe(t *testing.T) {
	s, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- s.ListenAndServe("127.0.0.1:0") }()
	var base *string
	for base == nil {
		base = s.listenURL.Load()
		time.Sleep(time.Millisecond)
	}
	resp, err := http.Get(*base + "/v21.0/" + DemoPhoneNumberID + "?access_token=" + DemoAccessToken)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET over TCP: %v %v", resp, err)
	}
	resp.Body.Close()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != nil {
		t.Fatalf("ListenAndServe returned %v after Close", err)
	}
}

func TestNewRejectsBadAccounts(t *testing.T) {
	for _, accounts := range [][]BusinessAccount{
		{{ID: ""}},
		{{ID: "1"}, {ID: "1"}},
		{{ID: "1", PhoneNumbers: []PhoneNumber{{ID: "9"}, {ID: "9"}}}},
	} {
		if _, err := New(Config{Accounts: accounts}); err == nil {
			t.Errorf("New accepted %+v", accounts)
		}
	}
}

func TestInspectionIsBounded(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxMessages = 10 })
	var first string
	for i := range 12 {
		_, resp := f.send(fmt.Sprintf(helloWorld, fmt.Sprint(5511900000000+i)))
		if i == 0 {
			first = dig(resp, "messages", 0, "id").(string)
		}
	}
	if n := len(f.sim.Messages(Filter{})); n > 10 || n < 9 {
		t.Fatalf("%d messages kept, want at most 10", n)
	}
	if _, ok := f.sim.Message(first); ok {
		t.Fatal("the oldest message is still kept")
	}
}

// TestControlInboundRefusesWrongFields: /_sim/inbound refuses a field it
// does not know (naming the right one) and a text message without text,
// with 400, and delivers nothing.
func TestControlInboundRefusesWrongFields(t *testing.T) {
	f := newFixture(t, nil)
	for body, want := range map[string]string{
		`{"from":"` + user + `","body":"PARAR"}`: `unknown field "body": did you mean "text"?`,
		`{"from":"` + user + `","colour":"red"}`: `the fields are phone_number_id, from, name, type, text`,
		`{"from":"` + user + `"}`:                `needs its text in "text"`,
		`{"from":"` + user + `","text":" "}`:     `needs its text in "text"`,
	} {
		status, got := f.do("POST", "/_sim/inbound", "", strings.NewReader(body), "application/json")
		if status != 400 || !strings.Contains(string(got), want) {
			t.Errorf("%s: %d %s, want 400 with %q", body, status, got, want)
		}
	}
	f.clock.Advance(0)
	if n := len(f.hooks.notifications()); n != 0 || len(f.sim.Received()) != 0 {
		t.Fatalf("refused messages were delivered: %d webhooks", n)
	}
}
