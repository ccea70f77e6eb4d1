package inbox

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// statusEvents drains the outbox and returns the message.status payloads.
func statusEvents(t *testing.T, st store.Store) []string {
	t.Helper()
	var out []string
	_, err := st.ClaimEvents(context.Background(), 100, func(es []store.Event) error {
		for _, e := range es {
			if e.Type == bus.EventMessageStatus {
				out = append(out, string(e.Payload))
			}
		}
		return nil
	})
	must(t, err)
	return out
}

// TestAgentRepliesThatFailBeforeTheProviderStayInTheThread: a reply the
// channel refuses for good is failed with the provider's code and why; one
// the channel answers without a message ID is failed at once (sending it
// again could send it twice), not left pending.
func TestAgentRepliesThatFailBeforeTheProviderStayInTheThread(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650091", "wamid.f1", "oi", time.Now()))
	must(t, err)
	outboundPayloads(t, s.Store)
	plugins := &fakeInvoker{}
	d := &Dispatcher{Inbox: s, Plugins: plugins}
	for _, c := range []struct {
		name  string
		out   map[string]any
		err   error
		error string
	}{
		{"refused with a code", nil, sdk.Permanent(errors.New("number not on WhatsApp"), "131026"), "131026 number not on WhatsApp"},
		{"credentials revoked", nil, sdk.Auth(errors.New("whatsapp-cloud: access token expired")), "whatsapp-cloud: access token expired"},
		{"answered without an ID", map[string]any{"status": "sent"}, nil, "the channel answered the send without a message ID"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := s.Reply(ctx, p, rcv.Conversation.ID, ReplyInput{Text: c.name})
			must(t, err)
			ev := outboundPayloads(t, s.Store)
			statusEvents(t, s.Store)
			plugins.out, plugins.err, plugins.calls = c.out, c.err, 0
			if err := d.Send(ctx, p.TenantID, ev[0]); err != nil || plugins.calls != 1 {
				t.Fatalf("send: %v after %d calls; want it recorded, once", err, plugins.calls)
			}
			got, _ := s.Store.GetMessage(ctx, p.TenantID, m.ID)
			if got.Status != "failed" || got.Error != c.error {
				t.Fatalf("the reply is %q %q, want failed %q", got.Status, got.Error, c.error)
			}
			if evs := statusEvents(t, s.Store); len(evs) != 1 || !strings.Contains(evs[0], `"status":"failed"`) || !strings.Contains(evs[0], `"timestamp"`) {
				t.Fatalf("status events: %v", evs)
			}
			if conv, _ := s.Store.GetConversation(ctx, p.TenantID, rcv.Conversation.ID); conv.LastMessageStatus != "failed" {
				t.Fatalf("the list does not mark it: %q", conv.LastMessageStatus)
			}
		})
	}
}

// TestAReplyThePluginNeverTakesFailsAfterItsTries: while the channel's
// plugin is down, the reply is tried again, and after the last try it is
// failed in the thread with the error, through the bus as it runs.
func TestAReplyThePluginNeverTakesFailsAfterItsTries(t *testing.T) {
	s, p := newService(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b, err := bus.Open(ctx, bus.Options{DataDir: t.TempDir()})
	must(t, err)
	defer b.Close()
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650092", "wamid.f2", "oi", time.Now()))
	must(t, err)
	relay := &bus.Relay{Store: s.Store, Bus: b}
	must(t, relay.Flush(ctx))

	plugins := &fakeInvoker{err: errors.New("plugin whatsapp-cloud is not running")}
	d := &Dispatcher{Inbox: s, Bus: b, Plugins: plugins, Deliveries: 3, RetryDelay: 10 * time.Millisecond}
	go func() { _ = d.Run(ctx) }()
	m, err := s.Reply(ctx, p, rcv.Conversation.ID, ReplyInput{Text: "Seu boleto"})
	must(t, err)
	must(t, relay.Flush(ctx))
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, _ := s.Store.GetMessage(ctx, p.TenantID, m.ID)
		if got.Status == "failed" {
			if got.Error != "plugin whatsapp-cloud is not running" || plugins.calls != 3 {
				t.Fatalf("failed with %q after %d tries, want the plugin's error after 3", got.Error, plugins.calls)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the reply is still %q after %d tries", got.Status, plugins.calls)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestFlowSendsRefusedForGoodStayInTheThread: a flow's send that never
// reached the provider for good (the contact opted out, the channel
// refused it) is a failed message in the contact's thread with why, and
// the step still fails; a passing error (the engine retries) records
// nothing, nor does a refused reaction.
func TestFlowSendsRefusedForGoodStayInTheThread(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650093", "wamid.f3", "oi", time.Now()))
	must(t, err)
	statusEvents(t, s.Store)
	next := &fakeInvoker{}
	bs := BotSends{Next: next, Inbox: s}
	steps := 0
	send := func(input map[string]any, err error) error { // each a step of its own: its own key
		next.err = err
		input["to"] = "+5511987650093"
		steps++
		_, got := bs.InvokeAction(ctx, p.TenantID, "whatsapp.send", input, "run:send:"+strconv.Itoa(steps))
		return got
	}
	refused := sdk.Permanent(errors.New("template paused"), "132015")
	if err := send(map[string]any{"kind": "template", "template": map[string]any{"name": "boleto", "language": "pt_BR"}}, refused); !errors.Is(err, refused) {
		t.Fatalf("the step's error: %v", err)
	}
	if err := send(map[string]any{"text": "Oi de novo"}, sdk.Retryable(errors.New("timeout"), 0)); err == nil {
		t.Fatal("a passing error was swallowed")
	}
	if err := send(map[string]any{"kind": "reaction", "reaction": map[string]any{"message_id": "wamid.f3", "emoji": "👍"}}, refused); err == nil {
		t.Fatal("a refused reaction was swallowed")
	}
	msgs, _, err := s.Messages(ctx, p, rcv.Conversation.ID, store.Page{})
	must(t, err)
	out := slices.IndexFunc(msgs, func(m store.Message) bool { return m.Direction == "out" })
	if len(msgs) != 2 || out < 0 || msgs[out].Status != "failed" || msgs[out].Text != "[template] boleto" ||
		msgs[out].Error != "132015 template paused" || msgs[out].AuthorID != "" || len(msgs[out].StatusHistory) != 1 {
		t.Fatalf("thread: %+v", msgs)
	}
	if evs := statusEvents(t, s.Store); len(evs) != 1 || !strings.Contains(evs[0], msgs[out].ID) || !strings.Contains(evs[0], `"status":"failed"`) {
		t.Fatalf("status events: %v", evs)
	}
	conv, _ := s.Store.GetConversation(ctx, p.TenantID, rcv.Conversation.ID)
	if conv.Preview != "[template] boleto" || conv.LastMessageStatus != "failed" {
		t.Fatalf("conversation: %q %q", conv.Preview, conv.LastMessageStatus)
	}

	must(t, s.Store.AddConsent(ctx, store.Consent{ID: "cns_1", TenantID: p.TenantID, ContactID: rcv.Contact.ID,
		Channel: "whatsapp", Status: "opt_out", Source: "test", CreatedAt: time.Now()}))
	if err := send(map[string]any{"text": "Promoção!"}, nil); err == nil || next.calls != 3 {
		t.Fatalf("a send to an opted-out contact: %v (%d plugin calls)", err, next.calls)
	}
	msgs, _, _ = s.Messages(ctx, p, rcv.Conversation.ID, store.Page{})
	// found by its text: sends in the same millisecond order by their random ID bits
	i := slices.IndexFunc(msgs, func(m store.Message) bool { return m.Text == "Promoção!" })
	if len(msgs) != 3 || i < 0 || msgs[i].Status != "failed" || !strings.Contains(msgs[i].Error, "opted out") {
		t.Fatalf("the opted-out send in the thread: %+v", msgs)
	}
}
