package sim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSignatureMatchesVectors(t *testing.T) {
	var v struct {
		Vectors []struct {
			AppSecret           string `json:"app_secret"`
			RawBody             string `json:"raw_body"`
			ExpectedHexDigest   string `json:"expected_hex_digest"`
			ExpectedHeaderValue string `json:"expected_header_value"`
		} `json:"vectors"`
	}
	if err := json.Unmarshal(readVector(t, "x_hub_signature_256_vectors.json"), &v); err != nil {
		t.Fatal(err)
	}
	for _, vec := range v.Vectors {
		if got := Signature(vec.AppSecret, []byte(vec.RawBody)); got != vec.ExpectedHeaderValue {
			t.Errorf("Signature(%q, %q) = %s, want %s", vec.AppSecret, vec.RawBody, got, vec.ExpectedHeaderValue)
		}
		mac := hmac.New(sha256.New, []byte(vec.AppSecret))
		mac.Write([]byte(vec.RawBody))
		if hex.EncodeToString(mac.Sum(nil)) != vec.ExpectedHexDigest {
			t.Errorf("the test's own HMAC disagrees with the vector")
		}
	}
}

func TestStatusProgression(t *testing.T) {
	f := newFixture(t, nil)
	f.openWindow(user)
	_, resp := f.send(textTo(user, "Olá"))
	id := dig(resp, "messages", 0, "id").(string)
	if m, _ := f.sim.Message(id); m.Status != "accepted" {
		t.Fatalf("status before any time passed: %s", m.Status)
	}
	f.clock.Advance(time.Minute)
	if got := f.hooks.statuses(); !reflect.DeepEqual(got, []string{"sent", "delivered", "read"}) {
		t.Fatalf("statuses %v, want sent, delivered, read", got)
	}
	m, _ := f.sim.Message(id)
	if m.Status != "read" || m.SentAt.IsZero() || !m.SentAt.Before(m.DeliveredAt) || !m.DeliveredAt.Before(m.ReadAt) {
		t.Fatalf("message record %+v", m)
	}
	sent := f.hooks.notifications()[1] // [0] is the inbound message
	st := dig(sent, "entry", 0, "changes", 0, "value", "statuses", 0).(map[string]any)
	if st["id"] != id || st["recipient_id"] != user || st["timestamp"] != unixString(m.SentAt) {
		t.Fatalf("status object %v", st)
	}
	wantPricing := map[string]any{"billable": false, "pricing_model": "PMP", "type": "free_customer_service", "category": "service"}
	if !reflect.DeepEqual(st["pricing"], wantPricing) {
		t.Fatalf("pricing %v", st["pricing"])
	}
}

// TestStatusShapeMatchesVector compares a template's "sent" webhook, sent
// through a pre-v24 path, with Meta's published example.
func TestStatusShapeMatchesVector(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Progression = Progression{Sent: time.Second, Read: Never} })
	status, _ := f.send(`{"messaging_product":"whatsapp","to":"16505551234","type":"template","template":{"name":"boas_vindas","language":{"code":"pt_BR"},` +
		`"components":[{"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Ana"},{"type":"text","parameter_name":"offer","text":"frete"}]}]}}`)
	if status != 200 {
		t.Fatal(status)
	}
	f.clock.Advance(time.Second)
	got := f.hooks.notifications()[0]
	want := decode(t, readVector(t, "webhook_status_sent_marketing_with_pricing.json"))
	for _, doc := range []map[string]any{got, want} {
		st := dig(doc, "entry", 0, "changes", 0, "value", "statuses", 0).(map[string]any)
		st["id"], st["timestamp"] = "ID", "TS"
		conv := st["conversation"].(map[string]any)
		conv["id"], conv["expiration_timestamp"] = "CONV", "EXP"
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		t.Fatalf("sent status differs from the vector:\n got %s", g)
	}
}

func TestStatusOmitsConversationFromV24(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Progression = Progression{Sent: time.Second, Read: Never} })
	f.openWindow(user)
	f.do("POST", "/v24.0/"+DemoPhoneNumberID+"/messages", DemoAccessToken, strings.NewReader(textTo(user, "x")), "application/json")
	f.clock.Advance(time.Second)
	st := dig(f.hooks.notifications()[1], "entry", 0, "changes", 0, "value", "statuses", 0).(map[string]any)
	if _, has := st["conversation"]; has || st["pricing"] == nil {
		t.Fatalf("v24 status %v: want pricing and no conversation", st)
	}
}

func TestFailedStatusMatchesVector(t *testing.T) {
	f := newFixture(t, nil)
	f.sim.InjectFault(Fault{Code: 131049, Async: true, Times: 1})
	status, _ := f.send(`{"messaging_product":"whatsapp","to":"16505551234","type":"template","template":{"name":"hello_world","language":{"code":"en_US"}}}`)
	if status != 200 {
		t.Fatalf("async fault must accept the send, got %d", status)
	}
	f.clock.Advance(time.Minute)
	got := f.hooks.notifications()
	if len(got) != 1 {
		t.Fatalf("%d webhooks, want one failed status", len(got))
	}
	want := decode(t, readVector(t, "webhook_status_failed_131049.json"))
	for _, doc := range []map[string]any{got[0], want} {
		st := dig(doc, "entry", 0, "changes", 0, "value", "statuses", 0).(map[string]any)
		st["id"], st["timestamp"] = "ID", "TS"
	}
	if !reflect.DeepEqual(got[0], want) {
		g, _ := json.Marshal(got[0])
		t.Fatalf("failed status differs from the vector:\n got %s", g)
	}
}

func TestSystemErrorMatchesVector(t *testing.T) {
	f := newFixture(t, nil)
	want := decode(t, readVector(t, "webhook_value_errors_130429.json"))
	details := dig(want, "entry", 0, "changes", 0, "value", "errors", 0, "error_data", "details").(string)
	if err := f.sim.NotifyError(DemoPhoneNumberID, 130429, details); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	if got := f.hooks.notifications(); len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("value.errors webhook %v differs from the vector", got)
	}
}

func TestWebhookFaults(t *testing.T) {
	cases := []struct {
		name   string
		faults WebhookFaults
		want   []string
	}{
		{"drop", WebhookFaults{Drop: 1}, nil},
		{"duplicate", WebhookFaults{Duplicate: 1}, []string{"sent", "sent", "delivered", "delivered", "read", "read"}},
		{"reorder", WebhookFaults{Reorder: true}, []string{"read", "delivered", "sent"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.sim.SetWebhookFaults(tc.faults)
			f.openWindow(user)
			f.send(textTo(user, "x"))
			f.clock.Advance(time.Minute)
			if got := f.hooks.statuses(); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("statuses %v, want %v", got, tc.want)
			}
			if m := f.sim.Messages(Filter{To: user})[0]; m.Status != "read" {
				t.Fatalf("record must follow the true order, got %s", m.Status)
			}
		})
	}
}

func TestWebhookRetriedUntilAcknowledged(t *testing.T) {
	f := newFixture(t, nil)
	f.hooks.fail = 2
	f.openWindow(user)
	f.clock.Advance(0)
	if len(f.hooks.notifications()) != 0 {
		t.Fatal("a refused webhook was recorded")
	}
	f.clock.Advance(1*time.Second + 4*time.Second)
	if n := len(f.hooks.notifications()); n != 1 {
		t.Fatalf("%d deliveries after the retries, want 1", n)
	}
	d := f.sim.Webhooks()[0]
	if d.Attempts != 3 || !d.Delivered || d.Kind != "message" {
		t.Fatalf("delivery record %+v", d)
	}
}

// TestSystemClockEndToEnd runs on real timers, with concurrent sends, and
// waits (without timing assertions) for every status to arrive.
func TestSystemClockEndToEnd(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.Clock = SystemClock{}
		c.Progression = Progression{Sent: time.Millisecond, Delivered: time.Millisecond, Read: time.Millisecond}
	})
	f.openWindow(user)
	done := make(chan struct{})
	for range 10 {
		go func() {
			f.send(textTo(user, "x"))
			done <- struct{}{}
		}()
	}
	for range 10 {
		<-done
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(f.hooks.statuses()) < 30 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := len(f.hooks.statuses()); got != 30 {
		t.Fatalf("%d status webhooks, want 30", got)
	}
	if err := f.sim.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestWebhookBodiesEscapeUnicode: Meta signs, and sends, the payload with
// every non-ASCII character escaped as \uXXXX in lowercase hex (a
// surrogate pair beyond the BMP). A receiver that verifies anything but
// the raw bytes (say, its own re-encoding of the decoded JSON) fails
// against Meta, so the simulator must send the same bytes Meta would.
func TestWebhookBodiesEscapeUnicode(t *testing.T) {
	f := newFixture(t, nil)
	text := "Ação é já 👍 — ok"
	in := InboundText(user, text)
	in.Name = "João"
	if _, err := f.sim.InjectInbound(in); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(0)
	f.hooks.mu.Lock()
	raw := string(f.hooks.bodies[0])
	f.hooks.mu.Unlock()
	for _, esc := range []string{`A\u00e7\u00e3o \u00e9 j\u00e1 \ud83d\udc4d \u2014 ok`, `"Jo\u00e3o"`} {
		if !strings.Contains(raw, esc) {
			t.Errorf("body lacks %s: %s", esc, raw)
		}
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] >= 0x80 {
			t.Fatalf("body has a raw non-ASCII byte at %d: %s", i, raw)
		}
	}
	got := dig(f.hooks.notifications()[0], "entry", 0, "changes", 0, "value", "messages", 0, "text", "body")
	if got != text {
		t.Errorf("decoded body %q, want %q", got, text)
	}
}
