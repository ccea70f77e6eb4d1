package inbox

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

type fakeInvoker struct {
	out   map[string]any
	err   error
	calls int
}

func (f *fakeInvoker) InvokeAction(context.Context, string, string, map[string]any, string) (map[string]any, error) {
	f.calls++
	return f.out, f.err
}

func TestBotSendsRecordsFlowMessagesInTheThread(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650001", "wamid.in1", "oi", time.Now()))
	must(t, err)
	events(t, s.Store) // drop the receive's events

	next := &fakeInvoker{out: map[string]any{"message_id": "wamid.out1"}}
	b := BotSends{Next: next, Inbox: s}
	send := map[string]any{"to": "+5511987650001", "text": "Olá! Como posso ajudar?"}
	for range 2 { // a retried step records once
		if out, err := b.InvokeAction(ctx, p.TenantID, "whatsapp.send", send, "k1"); err != nil || out["message_id"] != "wamid.out1" {
			t.Fatalf("send: %v %v", out, err)
		}
	}
	msgs, _, err := s.Store.ListMessages(ctx, p.TenantID, rcv.Conversation.ID, store.Page{})
	must(t, err)
	if len(msgs) != 2 || msgs[0].Direction != "out" || msgs[0].Text != "Olá! Como posso ajudar?" || msgs[0].AuthorID != "" ||
		msgs[0].ProviderMessageID != "wamid.out1" || msgs[0].Status != "sent" {
		t.Fatalf("thread: %+v", msgs)
	}
	if ev := events(t, s.Store); !slices.Equal(ev, []string{bus.EventMessageSent}) {
		t.Fatalf("events: %v", ev)
	}
	conv, _ := s.Store.GetConversation(ctx, p.TenantID, rcv.Conversation.ID)
	if conv.Preview != "Olá! Como posso ajudar?" || conv.Unread != 1 {
		t.Fatalf("conversation: %+v", conv)
	}

	// not recorded: other actions, failed sends, read receipts, strangers
	for _, c := range []struct {
		action string
		input  map[string]any
		err    error
	}{
		{"http.request", map[string]any{"to": "+5511987650001", "text": "x"}, nil},
		{"whatsapp.send", map[string]any{"to": "+5511987650001", "text": "x"}, errors.New("provider down")},
		{"whatsapp.send", map[string]any{"to": "+5511987650001", "kind": "read", "reply_to": "wamid.in1"}, nil},
		{"whatsapp.send", map[string]any{"to": "+5599999999999", "text": "x"}, nil},
	} {
		next.err, next.out = c.err, map[string]any{"message_id": "wamid." + c.action + c.input["to"].(string)}
		_, err := b.InvokeAction(ctx, p.TenantID, c.action, c.input, "k")
		if !errors.Is(err, c.err) {
			t.Fatalf("%s: error %v, want %v", c.action, err, c.err)
		}
	}
	msgs, _, _ = s.Store.ListMessages(ctx, p.TenantID, rcv.Conversation.ID, store.Page{})
	if len(msgs) != 2 {
		t.Fatalf("recorded what it should not: %+v", msgs)
	}
	// a delivery report now finds the bot's message
	if _, changed, err := s.ApplyStatus(ctx, p.TenantID, sdk.StatusUpdate{ProviderMessageID: "wamid.out1", Status: sdk.StatusRead}); err != nil || !changed {
		t.Fatalf("status of a bot message: %v %v", changed, err)
	}
}

// TestBotSendsHonourOptOuts: a flow's send to a contact who opted out of
// the channel never reaches the plugin and fails for good (no retry); the
// other channel, a read receipt, and the contact once opted in again go.
func TestBotSendsHonourOptOuts(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650002", "wamid.in2", "oi", time.Now()))
	must(t, err)
	at := time.Now()
	consent := func(channel, status string) {
		t.Helper()
		at = at.Add(time.Second) // the latest record wins
		must(t, s.Store.AddConsent(ctx, store.Consent{ID: ids.New("cns"), TenantID: p.TenantID, ContactID: rcv.Contact.ID,
			Channel: channel, Status: status, Source: "test", CreatedAt: at}))
	}
	consent("whatsapp", "opt_out")
	next := &fakeInvoker{out: map[string]any{"message_id": "wamid.out2"}}
	b := BotSends{Next: next, Inbox: s}
	for _, to := range []string{"+5511987650002", "5511987650002"} {
		_, err := b.InvokeAction(ctx, p.TenantID, "whatsapp.send", map[string]any{"to": to, "text": "Promoção!"}, "k-"+to)
		if c, _, code := sdk.ClassOf(err); c != sdk.ClassPermanent || code != codeOptedOut {
			t.Fatalf("a send to %s after the opt-out: %v", to, err)
		}
	}
	if next.calls != 0 {
		t.Fatalf("the plugin was called %d times for a contact who opted out", next.calls)
	}
	for _, c := range []struct{ action, kind string }{{"whatsapp.send", "read"}, {"sms.send", "text"}} {
		if _, err := b.InvokeAction(ctx, p.TenantID, c.action, map[string]any{"to": "+5511987650002", "kind": c.kind, "text": "x"}, "k-"+c.action+c.kind); err != nil {
			t.Fatalf("%s (%s): %v", c.action, c.kind, err)
		}
	}
	consent("whatsapp", "opt_in")
	if _, err := b.InvokeAction(ctx, p.TenantID, "whatsapp.send", map[string]any{"to": "+5511987650002", "text": "Olá de novo"}, "k-again"); err != nil || next.calls != 3 {
		t.Fatalf("a send after opting in again: %v (%d calls)", err, next.calls)
	}
	consent("all", "opt_out")
	if _, err := b.InvokeAction(ctx, p.TenantID, "sms.send", map[string]any{"to": "+5511987650002", "text": "x"}, "k-all"); err == nil {
		t.Fatal("an opt-out of every channel let an SMS go")
	}
}

// TestBotSendsRecordTheTemplateText: a flow's template send is shown with
// the text the channel says the customer read; without one (a template
// the channel's catalog lacks), by its name as before.
func TestBotSendsRecordTheTemplateText(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650002", "wamid.in2", "oi", time.Now()))
	must(t, err)
	b := BotSends{Next: &fakeInvoker{}, Inbox: s}
	for _, c := range []struct{ id, text, want string }{
		{"wamid.t1", "Olá Ana, seu pedido #77 foi confirmado.", "Olá Ana, seu pedido #77 foi confirmado."},
		{"wamid.t2", "", "[template] pedido_confirmado"},
	} {
		b.Next = &fakeInvoker{out: map[string]any{"message_id": c.id, "text": c.text}}
		send := map[string]any{"to": "+5511987650002", "kind": "template",
			"template": map[string]any{"name": "pedido_confirmado", "language": "pt_BR"}}
		if _, err := b.InvokeAction(ctx, p.TenantID, "whatsapp.send", send, c.id); err != nil {
			t.Fatal(err)
		}
		m, err := s.Store.MessageByProviderID(ctx, p.TenantID, c.id)
		if err != nil || m.Text != c.want || m.ConversationID != rcv.Conversation.ID {
			t.Errorf("%s recorded as %q (%v), want %q", c.id, m.Text, err, c.want)
		}
	}
}
