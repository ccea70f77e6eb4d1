package inbox

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// whatsappSink is a sink over s for a WhatsApp Cloud connection of p's
// tenant, as the plugin host calls it: IDs scoped to the connection.
func whatsappSink(t *testing.T, s *Service, p tenancy.Principal) func(subject string, payload any, id string) {
	sink := s.Sink(nil, func(context.Context, store.Connection, string, []byte, string) error { return nil })
	conn := store.Connection{ID: "conn_wa", TenantID: p.TenantID, PluginID: "whatsapp-cloud"}
	return func(subject string, payload any, id string) {
		t.Helper()
		raw, _ := json.Marshal(payload)
		must(t, sink(context.Background(), conn, subject, raw, conn.ID+":"+id))
	}
}

// stopPromotions has waID tap a marketing template's Stop promotions
// button, as whatsapp-cloud reports it, and returns the conversation.
func stopPromotions(t *testing.T, s *Service, p tenancy.Principal, waID string) store.Conversation {
	t.Helper()
	deliver := whatsappSink(t, s, p)
	deliver("message.received", sdk.InboundMessage{ProviderMessageID: "wamid.stop", From: waID, Type: sdk.InboundInteractive, Text: "Stop promotions",
		Interactive: &sdk.InteractiveReply{Type: "quick_reply", ID: "Stop promotions", Title: "Stop promotions"}, Timestamp: time.Now()}, "in:wamid.stop")
	stop := map[string]string{"phone": waID, "keyword": "STOP PROMOTIONS", "message_id": "wamid.stop", "scope": "marketing"}
	for range 2 { // a redelivered webhook repeats the event and its ID
		deliver("whatsapp.opted_out", stop, "optout:wamid.stop")
	}
	convs, _, _ := s.List(context.Background(), p, store.ConversationFilter{})
	if len(convs) != 1 {
		t.Fatalf("conversations: %+v", convs)
	}
	return convs[0]
}

// TestWhatsAppMarketingOptOutIsRecorded: whatsapp-cloud's marketing
// opt-out (a "Stop promotions" tap, or Meta's 131050: whatsapp.opted_out
// with scope "marketing") records a whatsapp:marketing opt-out, once
// however often it is redelivered. The conversation stays reachable (the
// composer is open: replies are not marketing) and tells the marketing
// opt-out beside it. A texted START opts back in to WhatsApp and to its
// marketing, once.
func TestWhatsAppMarketingOptOutIsRecorded(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	const waID = "5511987650005"
	conv := stopPromotions(t, s, p, waID)
	cs, _ := s.Store.ListConsents(ctx, p.TenantID, conv.ContactID)
	if len(cs) != 1 || cs[0].Channel != "whatsapp:marketing" || cs[0].Status != "opt_out" || cs[0].Source != "keyword:STOP PROMOTIONS" {
		t.Fatalf("consents after Stop promotions twice: %+v", cs)
	}
	reachable(t, s, p.TenantID, conv.ContactID, map[string]bool{"whatsapp": true, "whatsapp:marketing": false, "sms": true})
	c := mustGet(t, s, p, conv.ID).Consent
	if c == nil || !c.Reachable || c.Status != "" || c.Marketing == nil || c.Marketing.Reachable || c.Marketing.Channel != "whatsapp:marketing" ||
		c.Marketing.Source != "keyword:STOP PROMOTIONS" {
		t.Fatalf("the conversation's consent: %+v (marketing %+v)", c, c.Marketing)
	}
	if _, err := s.Reply(ctx, p, conv.ID, ReplyInput{Text: "Tudo certo, não enviaremos mais promoções."}); err != nil {
		t.Fatalf("a reply after Stop promotions: %v", err)
	}

	deliver := whatsappSink(t, s, p)
	deliver("message.received", sdk.InboundMessage{ProviderMessageID: "wamid.2", From: waID, Type: sdk.InboundText, Text: "START", Timestamp: time.Now()}, "in:wamid.2")
	for range 2 {
		deliver("whatsapp.opted_in", keyword(waID, "START", "wamid.2"), "optin:wamid.2")
	}
	cs, _ = s.Store.ListConsents(ctx, p.TenantID, conv.ContactID)
	if len(cs) != 3 {
		t.Fatalf("consents after START twice: %+v", cs)
	}
	reachable(t, s, p.TenantID, conv.ContactID, map[string]bool{"whatsapp": true, "whatsapp:marketing": true})
	if c := mustGet(t, s, p, conv.ID).Consent; c.Marketing == nil || !c.Marketing.Reachable || c.Marketing.Source != "keyword:START" {
		t.Fatalf("the marketing consent after START: %+v", c.Marketing)
	}
}

// TestWhatsAppMarketingScopeMustBeAPart: a scope that names no part of a
// channel is refused, not recorded as some odd channel.
func TestWhatsAppMarketingScopeMustBeAPart(t *testing.T) {
	s, p := newService(t)
	sink := s.Sink(nil, func(context.Context, store.Connection, string, []byte, string) error { return nil })
	conn := store.Connection{ID: "conn_wa", TenantID: p.TenantID, PluginID: "whatsapp-cloud"}
	raw, _ := json.Marshal(map[string]string{"phone": "5511987650006", "keyword": "x", "scope": "all:marketing"})
	if err := sink(context.Background(), conn, "whatsapp.opted_out", raw, "conn_wa:optout:x"); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a bad scope: %v", err)
	}
}
