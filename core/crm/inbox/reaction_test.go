package inbox

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/sdk"
)

// TestReactStoresAReactionOnItsTarget: an agent's reaction is a message
// of type reaction linked to its target's wamid (as a customer's is), sent
// as a WhatsApp reaction; an empty emoji removes it.
func TestReactStoresAReactionOnItsTarget(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	r, err := s.Receive(ctx, p.TenantID, whatsapp("5511987654321", "wamid.thanks", "Obrigada!", time.Now()))
	must(t, err)
	events(t, s.Store)
	thumbs, remove := "👍", ""
	m, err := s.React(ctx, p, r.Conversation.ID, r.Message.ID, ReactionInput{Emoji: &thumbs})
	if err != nil {
		t.Fatal(err)
	}
	var extra struct{ Reaction sdk.Reaction }
	_ = json.Unmarshal(m.Extra, &extra)
	if m.Type != "reaction" || m.Direction != "out" || m.Text != "👍" || m.ReplyTo != "wamid.thanks" || m.AuthorID != p.UserID ||
		extra.Reaction != (sdk.Reaction{MessageID: "wamid.thanks", Emoji: "👍"}) {
		t.Fatalf("stored reaction: %+v extra %s", m, m.Extra)
	}
	if _, err := s.React(ctx, p, r.Conversation.ID, r.Message.ID, ReactionInput{Emoji: &remove}); err != nil {
		t.Fatalf("removing: %v", err)
	}
	out := outbound(t, s.Store)
	want := []sdk.OutboundMessage{{To: "5511987654321", Kind: sdk.KindReaction, Emoji: "👍", ReplyTo: "wamid.thanks"},
		{To: "5511987654321", Kind: sdk.KindReaction, ReplyTo: "wamid.thanks"}}
	if len(out) != 2 {
		t.Fatalf("outbound: %+v", out)
	}
	for i := range out {
		out[i].IdempotencyKey = ""
		if out[i] != (want[i]) {
			t.Errorf("outbound %d: %+v, want %+v", i, out[i], want[i])
		}
	}
	c, _ := s.Get(ctx, p, r.Conversation.ID)
	if c.Preview != "👍" || c.Unread != 1 {
		t.Fatalf("the conversation after a reaction and its removal: preview %q, unread %d", c.Preview, c.Unread)
	}
}

// TestReactRefusals: the emoji is one emoji or nothing; only WhatsApp
// reacts; a reaction is free-form (the window and consent apply); the
// target is a sent message of this conversation.
func TestReactRefusals(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	clock := time.Now()
	s.Clock = func() time.Time { return clock }
	r, err := s.Receive(ctx, p.TenantID, whatsapp("5511987654321", "wamid.a", "oi", clock))
	must(t, err)
	other, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650000", "wamid.b", "olá", clock))
	must(t, err)
	ten2, _ := storetest.Seed(t, s.Store, "other")
	foreign, err := s.Receive(ctx, ten2.ID, whatsapp("5511987654321", "wamid.c", "segredo", clock))
	must(t, err)
	note, err := s.AddNote(ctx, p, r.Conversation.ID, "cliente VIP")
	must(t, err)
	sms, err := s.Receive(ctx, p.TenantID, Inbound{ConnectionID: "conn_sms", Channel: "sms", Message: sdk.InboundMessage{
		ProviderMessageID: "SM1", From: "+5511987650099", Type: sdk.InboundText, Text: "oi"}})
	must(t, err)
	events(t, s.Store)
	react := func(conv, msg string, emoji *string) error {
		_, err := s.React(ctx, p, conv, msg, ReactionInput{Emoji: emoji})
		return err
	}
	str := func(s string) *string { return &s }

	if err := react(r.Conversation.ID, r.Message.ID, nil); fieldOf(err, "emoji") == "" {
		t.Errorf("no emoji: %v", err)
	}
	for _, bad := range []string{"a", "ok", "👍👍", " 👍", "👍 ", ":+1:", "\u200d", "1", "🇧", strings.Repeat("👍", 20)} {
		if err := react(r.Conversation.ID, r.Message.ID, str(bad)); fieldOf(err, "emoji") == "" {
			t.Errorf("emoji %q: %v, want invalid emoji", bad, err)
		}
	}
	for _, id := range []string{"msg_nope", other.Message.ID, foreign.Message.ID} {
		if err := react(r.Conversation.ID, id, str("👍")); !apperr.Is(err, apperr.NotFound) || strings.Contains(err.Error(), "segredo") {
			t.Errorf("reacting to %s: %v, want not found", id, err)
		}
	}
	if err := react(r.Conversation.ID, note.ID, str("👍")); fieldOf(err, "message_id") == "" {
		t.Errorf("reacting to a note: %v", err)
	}
	if err := react(sms.Conversation.ID, sms.Message.ID, str("👍")); !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), "SMS has no reactions") {
		t.Errorf("reacting on SMS: %v", err)
	}
	must(t, s.Store.AddConsent(ctx, store.Consent{ID: ids.New("cns"), TenantID: p.TenantID, ContactID: other.Contact.ID, Channel: "whatsapp", Status: "opt_out", CreatedAt: clock}))
	if err := react(other.Conversation.ID, other.Message.ID, str("👍")); !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "opted out") {
		t.Errorf("reacting for an opted-out contact: %v", err)
	}
	clock = clock.Add(25 * time.Hour)
	if err := react(r.Conversation.ID, r.Message.ID, str("👍")); !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "24-hour window") {
		t.Errorf("reacting outside the window: %v", err)
	}
	if out := outbound(t, s.Store); len(out) != 0 {
		t.Fatalf("a refused reaction was sent: %+v", out)
	}
}

// TestTheCustomersWaitEndsWithAReactionNotACampaign: a campaign's message
// posted into a waiting customer's thread is no answer (they still wait);
// the agent's reaction to what they said is (the wait ends).
func TestTheCustomersWaitEndsWithAReactionNotACampaign(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	now := time.Now()
	must(t, s.Store.CreateConnection(ctx, store.Connection{ID: "conn_wa", TenantID: p.TenantID, PluginID: "whatsapp-cloud",
		Name: "Principal", Status: "connected", CreatedAt: now, UpdatedAt: now}))
	r, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650031", "wamid.ask", "Qual o prazo de entrega?", now))
	must(t, err)
	waiting := func() *time.Time {
		c, err := s.Get(ctx, p, r.Conversation.ID)
		must(t, err)
		return c.WaitingSince
	}
	since := waiting()
	if since == nil {
		t.Fatal("the customer's question does not wait")
	}
	in, _ := json.Marshal(map[string]any{"to": "5511987650031", "kind": "text", "text": "Só hoje: frete grátis!"})
	at := now.Add(time.Second)
	must(t, CampaignSends{Inbox: s}.Posted(ctx, []store.Send{{ID: "snd_w1", TenantID: p.TenantID, CampaignID: "cmp_w",
		ContactID: r.Contact.ID, Step: "send", Channel: "whatsapp", Address: "5511987650031", Payload: in,
		Status: store.SendSent, ProviderMessageID: "wamid.blast", SentAt: &at}}))
	if c, _ := s.Get(ctx, p, r.Conversation.ID); c.Preview != "Só hoje: frete grátis!" {
		t.Fatalf("the campaign's message is not in the thread: preview %q", c.Preview)
	}
	if w := waiting(); w == nil || !w.Equal(*since) {
		t.Fatalf("after the campaign's message the wait is %v, want still since %v", w, since)
	}
	thumbs := "👍"
	if _, err := s.React(ctx, p, r.Conversation.ID, r.Message.ID, ReactionInput{Emoji: &thumbs}); err != nil {
		t.Fatal(err)
	}
	if w := waiting(); w != nil {
		t.Fatalf("the agent reacted to the question, and the customer still waits since %v", w)
	}
}
