package sim

import (
	"encoding/json"
	"net/url"
	"reflect"
	"regexp"
	"testing"
	"time"
)

func TestStatusCallbacks(t *testing.T) {
	f := newFixture(t, nil)
	sid := f.mustCreate(f.sms("Olá"))
	f.clock.Advance(time.Minute)
	if got := f.hooks.statuses(sid); !reflect.DeepEqual(got, []string{"queued", "sent", "delivered"}) {
		t.Fatalf("callbacks %v, want queued, sent, delivered", got)
	}
	var vec struct {
		FormFields map[string]string `json:"form_fields"`
	}
	if err := json.Unmarshal(readVector(t, "status_callback_sent_example.json"), &vec); err != nil {
		t.Fatal(err)
	}
	hooks := f.hooks.hooks("/status")
	sent := hooks[1]
	for k := range vec.FormFields {
		if !sent.params.Has(k) {
			t.Errorf("sent callback lacks %s (published field list)", k)
		}
	}
	if sent.params.Get("SmsSid") != sid || sent.params.Get("SmsStatus") != "sent" || sent.params.Get("From") != DemoNumber ||
		sent.params.Get("AccountSid") != DemoAccountSID || sent.header.Get("I-Twilio-Idempotency-Token") == "" {
		t.Fatalf("sent callback %v", sent.params)
	}
	if !regexp.MustCompile(`^\d{10}$`).MatchString(hooks[2].params.Get("RawDlrDoneDate")) {
		t.Fatalf("delivered callback lacks RawDlrDoneDate: %v", hooks[2].params)
	}
	_, res := f.request("GET", apiPrefix+DemoAccountSID+"/Messages/"+sid+".json", DemoAccountSID, DemoAuthToken, nil)
	if res["status"] != "delivered" || res["price"] != "-0.00790" || res["price_unit"] != "USD" {
		t.Fatalf("fetched after delivery: %v", res)
	}
}

func TestServiceSendStartsAccepted(t *testing.T) {
	f := newFixture(t, nil)
	status, res := f.create(url.Values{"MessagingServiceSid": {DemoServiceSID}, "To": {handset}, "Body": {"x"},
		"StatusCallback": {f.statusURL()}})
	if status != 201 || res["status"] != "accepted" || res["from"] != nil || res["num_segments"] != "0" ||
		res["messaging_service_sid"] != DemoServiceSID {
		t.Fatalf("service send: %d %v", status, res)
	}
	f.clock.Advance(time.Minute)
	sid := res["sid"].(string)
	if got := f.hooks.statuses(sid); !reflect.DeepEqual(got, []string{"queued", "sent", "delivered"}) {
		t.Fatalf("callbacks %v", got)
	}
	if m, _ := f.sim.Message(sid); m.From != DemoPoolNumber1 {
		t.Fatalf("sender %q, want the pool's first number", m.From)
	}
}

func TestDeliveryFailures(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(f *fixture)
		want   []string
		code   string
		status string
	}{
		{"unreachable 30003", func(f *fixture) { f.sim.SetRecipient(handset, Recipient{ErrorCode: 30003}) },
			[]string{"queued", "sent", "undelivered"}, "30003", "undelivered"},
		{"unknown handset 30005", func(f *fixture) { f.sim.SetRecipient(handset, Recipient{ErrorCode: 30005}) },
			[]string{"queued", "sent", "undelivered"}, "30005", "undelivered"},
		{"landline 30006", func(f *fixture) { f.sim.SetRecipient(handset, Recipient{ErrorCode: 30006}) },
			[]string{"queued", "sent", "undelivered"}, "30006", "undelivered"},
		{"filtered 30007 by fault", func(f *fixture) { f.sim.InjectFault(Fault{Code: 30007, Async: true, Times: 1}) },
			[]string{"queued", "sent", "undelivered"}, "30007", "undelivered"},
		{"suspended 30002 by fault", func(f *fixture) { f.sim.InjectFault(Fault{Code: 30002, Async: true, Times: 1}) },
			[]string{"queued", "failed"}, "30002", "failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			tc.setup(f)
			sid := f.mustCreate(f.sms("x"))
			f.clock.Advance(time.Minute)
			if got := f.hooks.statuses(sid); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("callbacks %v, want %v", got, tc.want)
			}
			hooks := f.hooks.hooks("/status")
			if last := hooks[len(hooks)-1].params; last.Get("ErrorCode") != tc.code {
				t.Fatalf("ErrorCode %q, want %s", last.Get("ErrorCode"), tc.code)
			}
			_, res := f.request("GET", apiPrefix+DemoAccountSID+"/Messages/"+sid+".json", DemoAccountSID, DemoAuthToken, nil)
			if res["status"] != tc.status || res["error_code"] == nil {
				t.Fatalf("resource %v", res)
			}
		})
	}
}

func TestSenderThroughputQueues(t *testing.T) {
	f := newFixture(t, nil)
	a := f.mustCreate(f.sms("um"))
	b := f.mustCreate(f.sms("dois " + repeat("x", 200))) // 2 segments
	c := f.mustCreate(f.sms("três"))
	short := f.mustCreate(url.Values{"From": {DemoShortCode}, "To": {handset}, "Body": {"x"}})
	f.clock.Advance(time.Hour)
	sentAt := func(sid string) time.Duration {
		m, _ := f.sim.Message(sid)
		return m.SentAt.Sub(t0)
	}
	// A long code drains 1 segment/s: a at 0 s, b (2 segments) at 1 s, c at 3 s,
	// each plus the 500 ms to "sent". The short code is not behind them.
	if sentAt(a) != 500*time.Millisecond || sentAt(b) != 1500*time.Millisecond ||
		sentAt(c) != 3500*time.Millisecond || sentAt(short) != 500*time.Millisecond {
		t.Fatalf("sent at %v %v %v, short code %v", sentAt(a), sentAt(b), sentAt(c), sentAt(short))
	}
}

func TestQueueLimits(t *testing.T) {
	f := newFixture(t, nil)
	if err := f.sim.SetMPS(DemoNumber, 0.0001); err != nil { // 10,000 s per segment
		t.Fatal(err)
	}
	for range 4 { // queue waits 0, 10k, 20k, 30k s
		f.mustCreate(f.sms("x"))
	}
	status, body := f.create(f.sms("x")) // would wait 40,000 s > 10 h
	assertAPIError(t, status, body, 400, 21611)

	expiring := f.sms("x")
	expiring.Set("ValidityPeriod", "60")
	f.sim.Reset()
	f.mustCreate(f.sms("x"))
	sid := f.mustCreate(expiring)
	f.clock.Advance(2 * time.Minute)
	if got := f.hooks.statuses(sid); !reflect.DeepEqual(got, []string{"queued", "failed"}) {
		t.Fatalf("expired message callbacks %v", got)
	}
	if m, _ := f.sim.Message(sid); m.ErrorCode != 30036 {
		t.Fatalf("error code %d, want 30036", m.ErrorCode)
	}
}

func TestServiceSpreadsAcrossSenders(t *testing.T) {
	f := newFixture(t, nil)
	form := url.Values{"MessagingServiceSid": {DemoServiceSID}, "To": {handset}, "Body": {"x"}}
	a, b := f.mustCreate(form), f.mustCreate(form)
	ma, _ := f.sim.Message(a)
	mb, _ := f.sim.Message(b)
	if ma.From == mb.From {
		t.Fatalf("both messages from %s; the service should use its idle sender", ma.From)
	}
}

func TestCallbackFaults(t *testing.T) {
	cases := []struct {
		name   string
		faults WebhookFaults
		want   []string
	}{
		{"drop", WebhookFaults{Drop: 1}, nil},
		{"duplicate", WebhookFaults{Duplicate: 1}, []string{"queued", "queued", "sent", "sent", "delivered", "delivered"}},
		{"reorder", WebhookFaults{Reorder: true}, []string{"delivered", "sent", "queued"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.sim.SetWebhookFaults(tc.faults)
			sid := f.mustCreate(f.sms("x"))
			f.clock.Advance(time.Minute)
			if got := f.hooks.statuses(sid); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("callbacks %v, want %v", got, tc.want)
			}
			if m, _ := f.sim.Message(sid); m.Status != "delivered" {
				t.Fatalf("record %s; it must follow the true order", m.Status)
			}
		})
	}
	f := newFixture(t, nil)
	f.sim.SetWebhookFaults(WebhookFaults{Duplicate: 1})
	sid := f.mustCreate(f.sms("x"))
	f.clock.Advance(time.Minute)
	hooks := f.hooks.hooks("/status")
	if hooks[0].params.Get("MessageSid") != sid || hooks[0].header.Get("I-Twilio-Idempotency-Token") != hooks[1].header.Get("I-Twilio-Idempotency-Token") {
		t.Fatal("duplicates must carry the same idempotency token")
	}
}

func TestCallbackRetries(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.CallbackAttempts = 3
		c.Progression = Progression{Sent: time.Minute, Delivered: time.Minute}
	})
	f.hooks.fail = 2
	sid := f.mustCreate(url.Values{"From": {DemoNumber}, "To": {handset}, "Body": {"x"}, "StatusCallback": {f.statusURL()}})
	f.clock.Advance(0)
	f.clock.Advance(5 * time.Second)
	if got := f.hooks.statuses(sid); len(got) == 0 || got[0] != "queued" {
		t.Fatalf("callbacks %v: queued must arrive on the third attempt", got)
	}
	if d := f.sim.Callbacks()[0]; d.Attempts != 3 || !d.Delivered {
		t.Fatalf("delivery %+v", d)
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}
