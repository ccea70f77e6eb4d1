package twiliosms

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/twiliosms/sim"
	"github.com/masteria/masteria/sdk"
)

// TestSendSMS sends text and MMS, with the account token, an API key and a
// Messaging Service, and checks what the simulator accepted.
func TestSendSMS(t *testing.T) {
	f := newFixture(t, nil, nil)
	res, err := f.send(sdk.OutboundMessage{To: handset, Kind: sdk.KindText, Text: "Olá, Ana!"})
	if err != nil || !strings.HasPrefix(res.MessageID, "SM") || len(res.MessageID) != 34 {
		t.Fatalf("Send = %+v, %v", res, err)
	}
	m, _ := f.sim.Message(res.MessageID)
	want(t, m.Body == "Olá, Ana!" && m.From == sim.DemoNumber && m.To == handset &&
		m.StatusCallback == f.hooks.URL+hooksPrefix+"/status" && m.Direction == "outbound-api", m)

	res, err = f.send(sdk.OutboundMessage{To: handset, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaImage,
		Link: "https://example.com/a.jpg", Caption: "foto"}})
	if err != nil || !strings.HasPrefix(res.MessageID, "MM") {
		t.Fatalf("MMS = %+v, %v", res, err)
	}
	m, _ = f.sim.Message(res.MessageID)
	want(t, slices.Equal(m.MediaURLs, []string{"https://example.com/a.jpg"}) && m.Body == "foto", m)

	keyed := f.open(map[string]any{"auth_token": nil, "api_key_sid": sim.DemoAPIKeySID, "api_key_secret": sim.DemoAPIKey,
		"from": nil, "messaging_service_sid": sim.DemoServiceSID})
	res, err = keyed.Send(context.Background(), sdk.OutboundMessage{To: handset, Kind: sdk.KindText, Text: "via serviço"})
	if err != nil {
		t.Fatalf("API key + Messaging Service: %v", err)
	}
	m, _ = f.sim.Message(res.MessageID)
	want(t, m.MessagingServiceSID == sim.DemoServiceSID && (m.From == sim.DemoPoolNumber1 || m.From == sim.DemoPoolNumber2), m)

	_, err = f.send(sdk.OutboundMessage{To: handset, Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaImage, ID: "123"}})
	if c, _, _ := sdk.ClassOf(err); c != sdk.ClassPermanent {
		t.Errorf("media by ID: %v", err)
	}
}

// TestSMSAction: sms.send reports status and segments, and a retried step
// (same idempotency key) does not send twice.
func TestSMSAction(t *testing.T) {
	f := newFixture(t, nil, nil)
	spec, _ := manifest.Action(ActionSend)
	long := strings.Repeat("a", 161)
	in, err := spec.ParseInput(map[string]any{"to": handset, "text": long, "media_urls": nil})
	if err != nil {
		t.Fatal(err)
	}
	in.IdempotencyKey = "step-1"
	for range 2 {
		out, err := f.plugin.Actions()[ActionSend].Invoke(context.Background(), in)
		if err != nil || out.Values["segments"] != 2 || out.Values["status"] != "queued" {
			t.Fatalf("sms.send = %v, %v", out.Values, err)
		}
	}
	if n := f.createCount(); n != 1 {
		t.Errorf("%d creates for one idempotency key", n)
	}
	in, _ = spec.ParseInput(map[string]any{"to": handset, "media_urls": []any{"https://example.com/x.png"}})
	if _, err := f.plugin.Actions()[ActionSend].Invoke(context.Background(), in); err != nil {
		t.Errorf("media only: %v", err)
	}
}

// TestStatusCallbacks: the simulator's signed callbacks to the StatusCallback
// come back as sent then delivered, or failed with the async error code.
func TestStatusCallbacks(t *testing.T) {
	f := newFixture(t, nil, nil)
	ok, err := f.send(sdk.OutboundMessage{To: handset, Kind: sdk.KindText, Text: "1"})
	if err != nil {
		t.Fatal(err)
	}
	f.sim.SetRecipient("+5511911112222", sim.Recipient{ErrorCode: 30003})
	bad, err := f.send(sdk.OutboundMessage{To: "+5511911112222", Kind: sdk.KindText, Text: "2"})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Minute)
	events := f.emitted()
	if got := statusesOf(events, ok.MessageID); !slices.Equal(got, []sdk.DeliveryStatus{"sent", "delivered"}) {
		t.Errorf("delivered message: %v", got)
	}
	if got := statusesOf(events, bad.MessageID); !slices.Equal(got, []sdk.DeliveryStatus{"sent", "failed"}) {
		t.Errorf("undelivered message: %v", got)
	}
	last := events[len(events)-1].Payload.(sdk.StatusUpdate)
	want(t, len(last.Errors) == 1 && last.Errors[0].Code == "30003" && last.Errors[0].Title == "Unreachable destination handset" &&
		last.Errors[0].Details == "class: retryable", last)
}

// TestStatusCallbackUnderHostWebhookURL: without webhook_base_url, the
// StatusCallback goes to the webhook URL the host derives from its
// public_url, and the signed callbacks Twilio sends there are accepted;
// with neither, no StatusCallback is sent.
func TestStatusCallbackUnderHostWebhookURL(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.plugin = f.open(map[string]any{"webhook_base_url": nil})
	bare, err := f.send(sdk.OutboundMessage{To: handset, Kind: sdk.KindText, Text: "sem URL"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := f.sim.Message(bare.MessageID)
	want(t, m.StatusCallback == "", m)

	f.webhookURL = f.hooks.URL + hooksPrefix
	f.plugin = f.open(map[string]any{"webhook_base_url": nil})
	res, err := f.send(sdk.OutboundMessage{To: handset, Kind: sdk.KindText, Text: "com URL"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ = f.sim.Message(res.MessageID)
	want(t, m.StatusCallback == f.hooks.URL+hooksPrefix+"/status", m)
	f.clock.Advance(time.Minute)
	if got := statusesOf(f.emitted(), res.MessageID); !slices.Equal(got, []sdk.DeliveryStatus{"sent", "delivered"}) {
		t.Errorf("statuses under the host's webhook URL: %v", got)
	}
}

func statusesOf(events []sdk.Event, sid string) []sdk.DeliveryStatus {
	var out []sdk.DeliveryStatus
	for _, ev := range events {
		if u, ok := ev.Payload.(sdk.StatusUpdate); ok && u.ProviderMessageID == sid {
			out = append(out, u.Status)
		}
	}
	return out
}

func want(t *testing.T, ok bool, got any) {
	t.Helper()
	if !ok {
		t.Errorf("unexpected: %+v", got)
	}
}

// TestSegments counts GSM-7 and UCS-2 segments as Twilio does.
func TestSegments(t *testing.T) {
	for body, n := range map[string]int{
		"": 1, "oi": 1, strings.Repeat("a", 160): 1, strings.Repeat("a", 161): 2, strings.Repeat("a", 306): 2,
		strings.Repeat("a", 307): 3, strings.Repeat("{", 80): 1, strings.Repeat("{", 81): 2,
		strings.Repeat("ã", 70): 1, strings.Repeat("ã", 71): 2, "Olá! 😀": 1, strings.Repeat("😀", 35): 1, strings.Repeat("😀", 36): 2,
	} {
		if got := Segments(body); got != n || got != sim.Segments(body) {
			t.Errorf("Segments(%.12q…) = %d, want %d (simulator: %d)", body, got, n, sim.Segments(body))
		}
	}
}
