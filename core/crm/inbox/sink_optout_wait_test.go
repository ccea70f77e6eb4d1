package inbox

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// TestOptOutKeywordEndsTheWait: a customer waiting for an answer who
// texts SAIR (message.received, then sms.opted_out) leaves the waiting
// list at once, with conversation.updated telling the inbox: nobody can
// answer them. The unread messages stay. A redelivery changes nothing; a
// later message after START waits again.
func TestOptOutKeywordEndsTheWait(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	var forwarded []string
	deliver := keywordSink(s, p.TenantID, &forwarded)
	const phone = "+5511987650001"
	now := time.Now()
	deliver(t, "message.received", sdk.InboundMessage{ProviderMessageID: "SM1", From: phone, Type: sdk.InboundText, Text: "Qual o preço?", Timestamp: now}, "in:SM1")
	conv := onlyConversation(t, s, p)
	if conv.WaitingSince == nil {
		t.Fatalf("a question waits for an answer: %+v", conv)
	}
	events(t, s.Store) // drop the ones so far
	for range 2 {
		deliver(t, "message.received", sdk.InboundMessage{ProviderMessageID: "SM2", From: phone, Type: sdk.InboundText, Text: "SAIR", Timestamp: now}, "in:SM2")
		deliver(t, "sms.opted_out", keyword(phone, "SAIR", "SM2"), "optout:SM2")
	}
	conv = onlyConversation(t, s, p)
	if conv.WaitingSince != nil || conv.Unread != 2 {
		t.Fatalf("after SAIR: waiting since %v, unread %d; want no wait, 2 unread", conv.WaitingSince, conv.Unread)
	}
	if got := events(t, s.Store); count(got, bus.EventConversationUpdated) != 1 {
		t.Fatalf("events %v: want one conversation.updated for the ended wait", got)
	}
	waiting, _, err := s.List(ctx, p, store.ConversationFilter{Sort: "waiting"})
	must(t, err)
	if len(waiting) != 0 {
		t.Fatalf("the waiting list still has %+v", waiting)
	}

	deliver(t, "message.received", sdk.InboundMessage{ProviderMessageID: "SM3", From: phone, Type: sdk.InboundText, Text: "START", Timestamp: now}, "in:SM3")
	deliver(t, "sms.opted_in", keyword(phone, "START", "SM3"), "optin:SM3")
	if conv = onlyConversation(t, s, p); conv.WaitingSince == nil {
		t.Fatalf("a message after START waits again: %+v", conv)
	}
}

// TestMarketingOptOutKeepsTheWait: a "Stop promotions" tap stops
// marketing templates only; replies still go, so a customer waiting for
// an answer keeps waiting.
func TestMarketingOptOutKeepsTheWait(t *testing.T) {
	s, p := newService(t)
	if conv := stopPromotions(t, s, p, "5511987650005"); conv.WaitingSince == nil {
		t.Fatalf("after Stop promotions: %+v, want it still waiting", conv)
	}
}

func onlyConversation(t *testing.T, s *Service, p tenancy.Principal) store.Conversation {
	t.Helper()
	convs, _, err := s.List(context.Background(), p, store.ConversationFilter{})
	must(t, err)
	if len(convs) != 1 {
		t.Fatalf("conversations: %+v", convs)
	}
	return convs[0]
}
