package inbox

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// outboundPayloads drains the outbox and returns message.outbound payloads.
func outboundPayloads(t *testing.T, st store.Store) [][]byte {
	t.Helper()
	var out [][]byte
	_, err := st.ClaimEvents(context.Background(), 100, func(es []store.Event) error {
		for _, e := range es {
			if e.Type == bus.EventMessageOutbound {
				out = append(out, e.Payload)
			}
		}
		return nil
	})
	must(t, err)
	return out
}

type recordingInvoker struct {
	action, key string
	input       map[string]any
	out         map[string]any
	err         error
}

func (r *recordingInvoker) InvokeAction(_ context.Context, _, action string, input map[string]any, key string) (map[string]any, error) {
	r.action, r.input, r.key = action, input, key
	return r.out, r.err
}

func TestDispatcherSendsAgentReplies(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650001", "wamid.in1", "oi", time.Now()))
	must(t, err)
	outboundPayloads(t, s.Store)
	plugins := &recordingInvoker{out: map[string]any{"message_id": "wamid.agent1"}}
	d := &Dispatcher{Inbox: s, Plugins: plugins}

	reply := func(text string) (store.Message, []byte) {
		m, err := s.Reply(ctx, p, rcv.Conversation.ID, ReplyInput{Text: text})
		must(t, err)
		ev := outboundPayloads(t, s.Store)
		if len(ev) != 1 {
			t.Fatalf("message.outbound events: %d", len(ev))
		}
		return m, ev[0]
	}
	m, ev := reply("Seu pedido saiu")
	must(t, d.Send(ctx, p.TenantID, ev))
	if plugins.action != "whatsapp.send" || plugins.input["text"] != "Seu pedido saiu" || plugins.input["to"] == "" || plugins.key != m.ID {
		t.Fatalf("call: %s %v key %s", plugins.action, plugins.input, plugins.key)
	}
	got, _ := s.Store.GetMessage(ctx, p.TenantID, m.ID)
	if got.Status != "sent" || got.ProviderMessageID != "wamid.agent1" {
		t.Fatalf("after send: %+v", got)
	}

	// a refusal that retrying cannot fix: the message is failed, not retried
	m, ev = reply("segunda")
	plugins.err = sdk.Permanent(errors.New("number not on WhatsApp"), "131026")
	must(t, d.Send(ctx, p.TenantID, ev))
	if got, _ := s.Store.GetMessage(ctx, p.TenantID, m.ID); got.Status != "failed" {
		t.Fatalf("after a permanent error: %+v", got)
	}
	// a passing trouble: an error, so the event is delivered again
	m, ev = reply("terceira")
	plugins.err = sdk.Retryable(errors.New("timeout"), 0)
	if err := d.Send(ctx, p.TenantID, ev); err == nil {
		t.Fatal("a retryable error was swallowed")
	}
	if got, _ := s.Store.GetMessage(ctx, p.TenantID, m.ID); got.Status != "pending" {
		t.Fatalf("after a retryable error: %+v", got)
	}
}

// TestSendInputFitsTheChannelsAction: sms.send takes to, text, media URLs
// and stored files only (its plugin refuses any other key); WhatsApp's
// send takes the outbound message.
func TestSendInputFitsTheChannelsAction(t *testing.T) {
	link := &sdk.Media{Type: sdk.MediaImage, Link: "https://cdn.example.com/p.jpg", Caption: "foto"}
	for _, tc := range []struct {
		name, channel string
		in            sdk.OutboundMessage
		want          map[string]any
		err           string
	}{
		{"sms text", "sms", sdk.OutboundMessage{To: "+5511987650001", Kind: sdk.KindText, Text: "oi"},
			map[string]any{"to": "+5511987650001", "text": "oi"}, ""},
		{"sms media by link", "sms", sdk.OutboundMessage{To: "+5511987650001", Kind: sdk.KindMedia, Media: link},
			map[string]any{"to": "+5511987650001", "text": "foto", "media_urls": []any{link.Link}}, ""},
		{"sms stored file", "sms", sdk.OutboundMessage{To: "+5511987650001", Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaImage, BlobID: "blb_1", Caption: "foto"}},
			map[string]any{"to": "+5511987650001", "text": "foto", "media_blobs": []any{"blb_1"}}, ""},
		{"sms media by a provider's ID", "sms", sdk.OutboundMessage{To: "+5511987650001", Kind: sdk.KindMedia, Media: &sdk.Media{Type: sdk.MediaImage, ID: "123"}},
			nil, "public link or as a stored file"},
		{"sms template", "sms", sdk.OutboundMessage{To: "+5511987650001", Kind: sdk.KindTemplate, Template: &sdk.Template{Name: "x"}},
			nil, "cannot send a template"},
		{"whatsapp text", "whatsapp", sdk.OutboundMessage{To: "5511987650001", Kind: sdk.KindText, Text: "oi", IdempotencyKey: "k"},
			map[string]any{"to": "5511987650001", "kind": "text", "text": "oi"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := sendInput(tc.channel, tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want it to mention %q", err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("input = %#v, %v; want %#v", got, err, tc.want)
			}
		})
	}
}

// TestMarkReadSendsAWhatsAppReadReceipt: an agent reading a WhatsApp
// conversation with unread messages has a read receipt for the latest
// inbound message sent through the channel (the customer's blue ticks),
// once; nothing is sent when nothing was unread, nor on SMS.
func TestMarkReadSendsAWhatsAppReadReceipt(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	_, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650071", "wamid.first", "oi", time.Now().Add(-time.Minute)))
	must(t, err)
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650071", "wamid.latest", "tem horário?", time.Now()))
	must(t, err)
	for i := range 60 { // many newer messages of ours: the receipt still finds the customer's
		_, err := s.AddNote(ctx, p, rcv.Conversation.ID, fmt.Sprint("nota ", i))
		must(t, err)
	}
	outboundPayloads(t, s.Store)

	_, err = s.MarkRead(ctx, p, rcv.Conversation.ID)
	must(t, err)
	ev := outboundPayloads(t, s.Store)
	if len(ev) != 1 {
		t.Fatalf("read receipts queued: %d, want 1", len(ev))
	}
	plugins := &recordingInvoker{out: map[string]any{}}
	d := &Dispatcher{Inbox: s, Plugins: plugins}
	must(t, d.Send(ctx, p.TenantID, ev[0]))
	if plugins.action != "whatsapp.send" || plugins.input["kind"] != "read" || plugins.input["reply_to"] != "wamid.latest" ||
		plugins.input["to"] == "" || plugins.key != "read:wamid.latest" {
		t.Fatalf("receipt call: %s %v key %s", plugins.action, plugins.input, plugins.key)
	}
	// a receipt the channel refuses for good is dropped, not retried
	plugins.err = sdk.Permanent(errors.New("message too old"), "100")
	if err := d.Send(ctx, p.TenantID, ev[0]); err != nil {
		t.Fatalf("a refused receipt: %v", err)
	}

	_, err = s.MarkRead(ctx, p, rcv.Conversation.ID) // nothing unread now: nothing written, nothing announced
	must(t, err)
	var after []string
	_, err = s.Store.ClaimEvents(ctx, 100, func(es []store.Event) error {
		for _, e := range es {
			after = append(after, e.Type)
		}
		return nil
	})
	must(t, err)
	if len(after) != 0 {
		t.Fatalf("a second read emitted %v", after)
	}
	text := Inbound{ConnectionID: "conn_sms", Channel: "sms", Message: sdk.InboundMessage{
		ProviderMessageID: "SM1", From: "+5511987650072", Timestamp: time.Now(), Type: sdk.InboundText, Text: "oi"}}
	sms, err := s.Receive(ctx, p.TenantID, text)
	must(t, err)
	outboundPayloads(t, s.Store)
	_, err = s.MarkRead(ctx, p, sms.Conversation.ID)
	must(t, err)
	if ev := outboundPayloads(t, s.Store); len(ev) != 0 {
		t.Fatalf("an SMS read queued %d receipts", len(ev))
	}
}

// TestWindowClosedByTheChannel: when WhatsApp says the 24-hour window is
// closed (131047, on a send or in a failed status), the conversation
// shows it closed though our clock thinks it open, until the contact
// writes again.
func TestWindowClosedByTheChannel(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	clock := time.Now()
	s.Clock = func() time.Time { return clock }
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650081", "wamid.w1", "oi", clock))
	must(t, err)
	outboundPayloads(t, s.Store)
	if c, _ := s.Get(ctx, p, rcv.Conversation.ID); !c.WindowOpen {
		t.Fatal("the window is not open after the contact wrote")
	}
	_, err = s.Reply(ctx, p, rcv.Conversation.ID, ReplyInput{Text: "Oi!"})
	must(t, err)
	ev := outboundPayloads(t, s.Store)
	plugins := &recordingInvoker{err: sdk.Permanent(errors.New("re-engagement message"), "131047")}
	d := &Dispatcher{Inbox: s, Plugins: plugins}
	must(t, d.Send(ctx, p.TenantID, ev[0]))
	if c, _ := s.Get(ctx, p, rcv.Conversation.ID); c.WindowOpen {
		t.Fatal("the window still shows open after 131047")
	}
	if _, err := s.Reply(ctx, p, rcv.Conversation.ID, ReplyInput{Text: "de novo"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("a free-form reply after 131047: %v, want the window refusal", err)
	}

	clock = clock.Add(time.Minute) // the contact writes again a minute later
	_, err = s.Receive(ctx, p.TenantID, whatsapp("5511987650081", "wamid.w2", "voltei", clock))
	must(t, err)
	if c, _ := s.Get(ctx, p, rcv.Conversation.ID); !c.WindowOpen {
		t.Fatal("the contact wrote again, but the window stays closed")
	}

	// In a failed status report too.
	m, err := s.Reply(ctx, p, rcv.Conversation.ID, ReplyInput{Text: "Tudo bem?"})
	must(t, err)
	must(t, s.MarkSent(ctx, p.TenantID, m.ID, sdk.SendResult{MessageID: "wamid.out9", Status: sdk.StatusSent}))
	clock = clock.Add(time.Second)
	_, _, err = s.ApplyStatus(ctx, p.TenantID, sdk.StatusUpdate{ProviderMessageID: "wamid.out9", Status: sdk.StatusFailed,
		Timestamp: clock, Errors: []sdk.ProviderError{{Code: "131047", Title: "Re-engagement message"}}})
	must(t, err)
	if c, _ := s.Get(ctx, p, rcv.Conversation.ID); c.WindowOpen {
		t.Fatal("the window still shows open after a failed status with 131047")
	}
}

// TestLateWindowClosedStatusKeepsAReopenedWindow: status reports come
// unordered and are redelivered for days; a failed status with 131047
// about a send that failed before the contact wrote again, arriving after
// that message, does not close the window the message opened.
func TestLateWindowClosedStatusKeepsAReopenedWindow(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	clock := time.Now()
	s.Clock = func() time.Time { return clock }
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650082", "wamid.l1", "oi", clock))
	must(t, err)
	m, err := s.Reply(ctx, p, rcv.Conversation.ID, ReplyInput{Text: "Tudo bem?"})
	must(t, err)
	must(t, s.MarkSent(ctx, p.TenantID, m.ID, sdk.SendResult{MessageID: "wamid.late9", Status: sdk.StatusSent}))
	failedAt := clock.Add(time.Second)
	clock = clock.Add(time.Minute) // the contact writes again, before the report arrives
	_, err = s.Receive(ctx, p.TenantID, whatsapp("5511987650082", "wamid.l2", "voltei", clock))
	must(t, err)
	clock = clock.Add(time.Minute)
	_, _, err = s.ApplyStatus(ctx, p.TenantID, sdk.StatusUpdate{ProviderMessageID: "wamid.late9", Status: sdk.StatusFailed,
		Timestamp: failedAt, Errors: []sdk.ProviderError{{Code: "131047", Title: "Re-engagement message"}}})
	must(t, err)
	if c, _ := s.Get(ctx, p, rcv.Conversation.ID); !c.WindowOpen {
		t.Fatal("a 131047 from before the contact's last message closed the window it opened")
	}
}
