package sim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestFaultInjection(t *testing.T) {
	cases := []struct {
		name   string
		fault  Fault
		status []int
		code   int
	}{
		{"next 2 fail with 20500", Fault{Code: 20500, Times: 2}, []int{500, 500, 201}, 20500},
		{"too many requests", Fault{Code: 20429, Times: 1}, []int{429, 201}, 20429},
		{"service unavailable", Fault{Code: 20503, Times: 1}, []int{503, 201}, 20503},
		{"queue full", Fault{Code: 21611, Times: 1}, []int{400, 201}, 21611},
		{"bare 502", Fault{Status: 502, Times: 1}, []int{502, 201}, 0},
		{"other recipient untouched", Fault{Code: 20500, To: "+15550000000"}, []int{201}, 0},
		{"only the list endpoint", Fault{Code: 20500, Endpoint: "list"}, []int{201}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.sim.InjectFault(tc.fault)
			for i, want := range tc.status {
				req, _ := http.NewRequest("POST", f.api.URL+apiPrefix+DemoAccountSID+"/Messages.json", strings.NewReader(f.sms("x").Encode()))
				req.SetBasicAuth(DemoAccountSID, DemoAuthToken)
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != want {
					t.Fatalf("request %d: %d %s, want %d", i, resp.StatusCode, body, want)
				}
				if i == 0 && tc.code != 0 {
					var e map[string]any
					_ = json.Unmarshal(body, &e)
					assertAPIError(t, resp.StatusCode, e, want, tc.code)
				}
			}
		})
	}
}

func TestFaultLatencyUsesTheClock(t *testing.T) {
	f := newFixture(t, nil)
	f.sim.InjectFault(Fault{Latency: 2 * time.Second, Times: 1})
	done := make(chan int)
	go func() {
		status, _ := f.create(f.sms("lento"))
		done <- status
	}()
	for f.clock.Pending() == 0 { // wait for the request to park on the clock
		time.Sleep(time.Millisecond)
	}
	f.clock.Advance(2 * time.Second)
	if status := <-done; status != 201 {
		t.Fatalf("after the latency: %d", status)
	}
}

// TestInspectionProvesOneMessagePerRecipient is the campaign check, over
// HTTP: every recipient got exactly one message.
func TestInspectionProvesOneMessagePerRecipient(t *testing.T) {
	f := newFixture(t, nil)
	recipients := []string{"+5511900000001", "+5511900000002", "+5511900000003"}
	for _, to := range recipients {
		f.mustCreate(url.Values{"MessagingServiceSid": {DemoServiceSID}, "To": {to}, "Body": {"Oferta"}})
	}
	for _, to := range recipients {
		resp, err := http.Get(f.api.URL + "/_sim/messages?to=" + url.QueryEscape(to))
		if err != nil {
			t.Fatal(err)
		}
		var page struct{ Data []Message }
		_ = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if len(page.Data) != 1 || page.Data[0].Body != "Oferta" || !strings.HasPrefix(page.Data[0].SID, "SM") {
			t.Fatalf("messages to %s: %+v", to, page.Data)
		}
	}
}

func TestControlEndpoints(t *testing.T) {
	f := newFixture(t, nil)
	post := func(path, body string) (int, string) {
		resp, err := http.Post(f.api.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, body := post("/_sim/inbound", `{"from":"`+handset+`","body":"oi"}`); status != 200 || !strings.Contains(body, `"sid":"SM`) {
		t.Fatalf("inject: %d %s", status, body)
	}
	if status, body := post("/_sim/clock/advance?by=1s", ""); status != 200 || !strings.Contains(body, "12:00:01") {
		t.Fatalf("advance: %d %s", status, body)
	}
	if len(f.hooks.hooks("/sms")) != 1 {
		t.Fatal("the injected message was not delivered")
	}
	if status, body := post("/_sim/faults", `{"faults":[{"code":20429,"endpoint":"mesages"}]}`); status != 400 || !strings.Contains(body, `"mesages" is not one of`) {
		t.Fatalf("a fault on an unknown endpoint: %d %s", status, body)
	}
	if status, body := post("/_sim/faults", `{"faults":[{"code":20429,"times":1}],"webhooks":{"drop":1}}`); status != 204 {
		t.Fatalf("faults: %d %s", status, body)
	}
	status, res := f.create(f.sms("x"))
	assertAPIError(t, status, res, 429, 20429)
	f.mustCreate(f.sms("x"))
	post("/_sim/clock/advance?by=1m", "")
	resp, _ := http.Get(f.api.URL + "/_sim/callbacks")
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"dropped":true`) {
		t.Fatalf("callbacks %s", b)
	}
	req, _ := http.NewRequest("DELETE", f.api.URL+"/_sim/faults", nil)
	if resp, _ := http.DefaultClient.Do(req); resp.StatusCode != 204 {
		t.Fatal(resp.StatusCode)
	}
	if status, _ := post("/_sim/reset", ""); status != 204 {
		t.Fatal(status)
	}
	if got := f.sim.Messages(Filter{}); len(got) != 0 {
		t.Fatalf("after reset: %v", got)
	}
	if status, _ := post("/_sim/inbound", `{"from":"nope"}`); status != 400 {
		t.Fatalf("bad inbound: %d", status)
	}
	if status, _ := f.request("GET", "/2010-04-01/nowhere", DemoAccountSID, DemoAuthToken, nil); status != 404 {
		t.Fatalf("unknown path: %d", status)
	}
}

func TestListenAndServeAndSystemClock(t *testing.T) {
	hooks := newPlatform(t, DemoAuthToken)
	cfg := DefaultConfig()
	cfg.Progression = Progression{Sent: time.Millisecond, Delivered: time.Millisecond}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := netListen()
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- s.Serve(l) }()
	form := url.Values{"From": {DemoShortCode}, "To": {handset}, "Body": {"x"}, "StatusCallback": {hooks.srv.URL + "/status"}}
	for range 5 {
		req, _ := http.NewRequest("POST", "http://"+l.Addr().String()+apiPrefix+DemoAccountSID+"/Messages.json", strings.NewReader(form.Encode()))
		req.SetBasicAuth(DemoAPIKeySID, DemoAPIKey)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 201 {
			t.Fatalf("create over TCP: %v %v", resp, err)
		}
		resp.Body.Close()
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(hooks.hooks("/status")) < 15 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := len(hooks.hooks("/status")); n != 15 {
		t.Fatalf("%d status callbacks on the system clock, want 15", n)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != nil {
		t.Fatalf("Serve returned %v after Close", err)
	}
}

func TestInspectionIsBounded(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxMessages = 10 })
	first := f.mustCreate(f.sms("0"))
	for i := range 11 {
		f.mustCreate(f.sms(fmt.Sprint(i + 1)))
	}
	if n := len(f.sim.Messages(Filter{})); n > 10 || n < 9 {
		t.Fatalf("%d messages kept, want at most 10", n)
	}
	if _, ok := f.sim.Message(first); ok {
		t.Fatal("the oldest message is still kept")
	}
}

// TestControlInboundRefusesWrongFields: /_sim/inbound refuses a field it
// does not know (naming the right one) and a message with no body and no
// media, with 400, and delivers nothing; an MMS without text still goes.
func TestControlInboundRefusesWrongFields(t *testing.T) {
	f := newFixture(t, nil)
	for body, want := range map[string]string{
		`{"from":"` + handset + `","text":"stop"}`:  `unknown field "text": did you mean "body"?`,
		`{"from":"` + handset + `","colour":"red"}`: `the fields are from, to, body, media`,
		`{"from":"` + handset + `"}`:                `needs its text in "body"`,
		`{"from":"` + handset + `","body":"  "}`:    `needs its text in "body"`,
	} {
		status, got := postJSON(t, f.api.URL+"/_sim/inbound", body)
		if status != 400 || !strings.Contains(got, want) {
			t.Errorf("%s: %d %s, want 400 with %q", body, status, got, want)
		}
	}
	f.clock.Advance(0)
	if hooks := f.hooks.hooks("/sms"); len(hooks) != 0 || len(f.sim.Received()) != 0 {
		t.Fatalf("refused messages were delivered: %d webhooks, %d received", len(hooks), len(f.sim.Received()))
	}
	mms := `{"from":"` + handset + `","media_urls":["https://media.example/a.jpg"],"media_types":["image/jpeg"]}`
	if status, got := postJSON(t, f.api.URL+"/_sim/inbound", mms); status != 200 {
		t.Fatalf("an MMS without text: %d %s", status, got)
	}
}
