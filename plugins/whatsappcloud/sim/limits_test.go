package sim

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

const helloWorld = `{"messaging_product":"whatsapp","to":"%s","type":"template","template":{"name":"hello_world","language":{"code":"en_US"}}}`

// failedCode returns the error code of the last failed status webhook.
func (f *fixture) failedCode() int {
	code := 0
	for _, n := range f.hooks.notifications() {
		sts, _ := dig(n, "entry", 0, "changes", 0, "value", "statuses").([]any)
		for _, s := range sts {
			if st := s.(map[string]any); st["status"] == "failed" {
				code = int(dig(st, "errors", 0, "code").(float64))
			}
		}
	}
	return code
}

func TestCustomerServiceWindow(t *testing.T) {
	f := newFixture(t, nil)
	// Outside the window: a template goes out, free-form is accepted and
	// then fails with 131047, as Meta reports it.
	if status, _ := f.send(fmt.Sprintf(helloWorld, user)); status != 200 {
		t.Fatalf("template outside the window: %d", status)
	}
	if status, _ := f.send(textTo(user, "oi")); status != 200 {
		t.Fatalf("free-form outside the window must be accepted, then fail: %d", status)
	}
	f.clock.Advance(time.Minute)
	if code := f.failedCode(); code != 131047 {
		t.Fatalf("failed status code %d, want 131047", code)
	}
	if got := f.sim.Messages(Filter{Type: "text"})[0]; got.Status != "failed" || got.Error.Code != 131047 {
		t.Fatalf("record %+v", got)
	}
	// The user writes: the window opens for 24 h.
	f.openWindow(user)
	f.clock.Advance(23 * time.Hour)
	f.send(textTo(user, "ainda aberta"))
	f.clock.Advance(time.Minute)
	if got := f.sim.Messages(Filter{Type: "text"})[1]; got.Status != "read" {
		t.Fatalf("inside the window: %+v", got)
	}
	f.clock.Advance(time.Hour)
	f.send(textTo(user, "fechada"))
	f.clock.Advance(time.Minute)
	if got := f.sim.Messages(Filter{Type: "text"})[2]; got.Status != "failed" || got.Error.Code != 131047 {
		t.Fatalf("after 24 h: %+v", got)
	}
}

func TestClickToWhatsAppOpensFreeEntryPoint(t *testing.T) {
	f := newFixture(t, nil)
	in := InboundText(user, "Quero saber mais")
	in.Referral = []byte(`{"source_url":"https://fb.me/x","source_id":"1","source_type":"ad"}`)
	if _, err := f.sim.InjectInbound(in); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(48 * time.Hour)
	f.send(textTo(user, "oi"))
	f.clock.Advance(time.Minute)
	m := f.sim.Messages(Filter{})[0]
	if m.Status != "read" || m.pricing.Type != "free_entry_point" {
		t.Fatalf("48 h after an ad click: %+v %+v", m, m.pricing)
	}
}

func TestRejectSynchronously(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.RejectSynchronously = true })
	f.sim.MarkUndeliverable("+1 650 555 0000")
	cases := []struct {
		name, body string
		code       int
	}{
		{"outside window", textTo(user, "x"), 131047},
		{"not on whatsapp", fmt.Sprintf(helloWorld, "16505550000"), 131026},
		{"unknown media id", `{"messaging_product":"whatsapp","to":"` + user + `","type":"image","image":{"id":"999"}}`, 131053},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, resp := f.send(tc.body)
			if status != 400 || graphCode(resp) != tc.code {
				t.Fatalf("got %d %v, want 400 code %d", status, resp, tc.code)
			}
		})
	}
}

func TestUndeliverableFailsAsynchronously(t *testing.T) {
	f := newFixture(t, nil)
	f.sim.MarkUndeliverable("16505550000")
	if status, _ := f.send(fmt.Sprintf(helloWorld, "16505550000")); status != 200 {
		t.Fatal(status)
	}
	f.clock.Advance(time.Minute)
	if code := f.failedCode(); code != 131026 {
		t.Fatalf("failed code %d, want 131026", code)
	}
}

func TestThroughputLimit(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Accounts[0].PhoneNumbers[0].Throughput = 5 })
	for i := range 5 {
		if status, resp := f.send(fmt.Sprintf(helloWorld, fmt.Sprint(5511900000000+i))); status != 200 {
			t.Fatalf("send %d: %d %v", i, status, resp)
		}
	}
	status, resp := f.send(fmt.Sprintf(helloWorld, "5511900000099"))
	want := decode(t, readVector(t, "graph_error_response_130429.json"))
	delete(want["error"].(map[string]any), "error_subcode") // not returned from v16.0 on
	resp["error"].(map[string]any)["fbtrace_id"] = want["error"].(map[string]any)["fbtrace_id"]
	if status != 400 || !reflect.DeepEqual(resp, want) {
		t.Fatalf("over the limit: %d %v, want HTTP 400 and the vector body", status, resp)
	}
	f.clock.Advance(time.Second)
	if status, _ := f.send(fmt.Sprintf(helloWorld, "5511900000099")); status != 200 {
		t.Fatalf("a second later: %d", status)
	}
	if err := f.sim.SetThroughput(DemoPhoneNumberID, Unlimited); err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		if status, _ := f.send(fmt.Sprintf(helloWorld, fmt.Sprint(5511910000000+i))); status != 200 {
			t.Fatalf("lifted limit, send %d: %d", i, status)
		}
	}
}

func TestPairRateLimit(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.PairRate = PairRate{Burst: 2, Every: 6 * time.Second} })
	f.openWindow(user)
	f.send(textTo(user, "1"))
	f.send(textTo(user, "2"))
	status, resp := f.send(textTo(user, "3"))
	if status != 400 || graphCode(resp) != 131056 {
		t.Fatalf("third message in a burst of 2: %d %v", status, resp)
	}
	if status, _ := f.send(fmt.Sprintf(helloWorld, "5511900000001")); status != 200 {
		t.Fatalf("another user is not limited: %d", status)
	}
	f.clock.Advance(6 * time.Second)
	if status, _ := f.send(textTo(user, "4")); status != 200 {
		t.Fatalf("after 6 s: %d", status)
	}
}

func TestMessagingLimitTier(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.Accounts[0].PhoneNumbers[0].Throughput = Unlimited
		c.Progression = Progression{Sent: time.Second, Delivered: Never}
	})
	for i := range 250 {
		f.send(fmt.Sprintf(helloWorld, fmt.Sprint(5511900000000+i)))
	}
	f.send(fmt.Sprintf(helloWorld, "5511900000000")) // already reached: free
	f.send(fmt.Sprintf(helloWorld, "5511999999999")) // the 251st user
	f.openWindow("5511888888888")
	f.send(fmt.Sprintf(helloWorld, "5511888888888")) // inside a window: not counted
	f.clock.Advance(time.Second)
	failed := f.sim.Messages(Filter{Status: "failed"})
	if len(failed) != 1 || failed[0].WaID != "5511999999999" || failed[0].Error.Code != 131048 {
		t.Fatalf("failed messages %+v, want only the 251st user with 131048", failed)
	}
	f.clock.Advance(24 * time.Hour)
	f.send(fmt.Sprintf(helloWorld, "5511999999999"))
	f.clock.Advance(time.Second)
	if got := f.sim.Messages(Filter{To: "5511999999999"}); got[1].Status != "sent" {
		t.Fatalf("a day later: %+v", got[1])
	}
}
