package inbox

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/sdk"
)

// keywordSink is a sink over s for an SMS connection of tenantID, as the
// plugin host calls it: IDs scoped to the connection.
func keywordSink(s *Service, tenantID string, forwarded *[]string) func(t *testing.T, subject string, payload any, id string) {
	sink := s.Sink(nil, func(_ context.Context, _ store.Connection, subject string, _ []byte, _ string) error {
		*forwarded = append(*forwarded, subject)
		return nil
	})
	conn := store.Connection{ID: "conn_sms", TenantID: tenantID, PluginID: "twilio-sms"}
	return func(t *testing.T, subject string, payload any, id string) {
		t.Helper()
		raw, _ := json.Marshal(payload)
		must(t, sink(context.Background(), conn, subject, raw, conn.ID+":"+id))
	}
}

func keyword(phone, word, sid string) map[string]string {
	return map[string]string{"phone": phone, "keyword": word, "message_id": sid}
}

// TestSMSKeywordsRecordConsent: "SAIR" texted to an SMS connection
// (message.received, then the plugin's sms.opted_out) records an opt-out
// on the sender's contact for sms with contact.consent, once however often
// it is redelivered; the inbox then refuses a reply; START records the
// opt-in and replies go again. WhatsApp is not affected.
func TestSMSKeywordsRecordConsent(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	var forwarded []string
	deliver := keywordSink(s, p.TenantID, &forwarded)
	const phone = "+5511987650001"
	in := sdk.InboundMessage{ProviderMessageID: "SM1", From: phone, Type: sdk.InboundText, Text: "SAIR", Timestamp: time.Now()}
	events(t, s.Store) // drop the seed's
	// A redelivered webhook gets the same events with the same IDs.
	for range 2 {
		deliver(t, "message.received", in, "in:SM1")
		deliver(t, "sms.opted_out", keyword(phone, "SAIR", "SM1"), "optout:SM1")
	}
	c, err := s.Store.FindContact(ctx, p.TenantID, store.Identity{Phone: phone})
	must(t, err)
	cs, err := s.Store.ListConsents(ctx, p.TenantID, c.ID)
	must(t, err)
	if len(cs) != 1 || cs[0].Channel != "sms" || cs[0].Status != "opt_out" || cs[0].Source != "keyword:SAIR" {
		t.Fatalf("consents after SAIR twice: %+v", cs)
	}
	if got := events(t, s.Store); count(got, bus.EventContactConsent) != 1 {
		t.Fatalf("events %v: want one contact.consent", got)
	}
	if count(forwarded, "sms.opted_out") != 2 { // the bus drops the copy by its ID
		t.Fatalf("forwarded %v", forwarded)
	}
	reachable(t, s, p.TenantID, c.ID, map[string]bool{"sms": false, "whatsapp": true})
	convs, _, _ := s.List(ctx, p, store.ConversationFilter{})
	if len(convs) != 1 {
		t.Fatalf("conversations: %+v", convs)
	}
	_, err = s.Reply(ctx, p, convs[0].ID, ReplyInput{Text: "Posso ajudar?"})
	if !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "opted out of sms") {
		t.Fatalf("a reply to an opted-out contact: %v", err)
	}

	deliver(t, "message.received", sdk.InboundMessage{ProviderMessageID: "SM2", From: phone, Type: sdk.InboundText, Text: "start"}, "in:SM2")
	deliver(t, "sms.opted_in", keyword(phone, "START", "SM2"), "optin:SM2")
	cs, _ = s.Store.ListConsents(ctx, p.TenantID, c.ID)
	if len(cs) != 2 || cs[0].Status != "opt_in" || cs[0].Source != "keyword:START" {
		t.Fatalf("consents after START: %+v", cs)
	}
	reachable(t, s, p.TenantID, c.ID, map[string]bool{"sms": true})
	if _, err := s.Reply(ctx, p, convs[0].ID, ReplyInput{Text: "Bem-vindo de volta"}); err != nil {
		t.Fatalf("a reply after START: %v", err)
	}
}

// TestSMSKeywordIsTenantScoped: the same phone texting another tenant's
// number makes that tenant's contact (none existed: the keyword alone
// creates it) and leaves the first tenant's alone; malformed events fail.
func TestSMSKeywordIsTenantScoped(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	other, _ := storetest.Seed(t, s.Store, "other")
	var forwarded []string
	const phone = "+5511987650002"
	keywordSink(s, other.ID, &forwarded)(t, "sms.opted_out", keyword(phone, "PARAR", "SM9"), "optout:SM9")
	if _, err := s.Store.FindContact(ctx, p.TenantID, store.Identity{Phone: phone}); err == nil {
		t.Fatal("another tenant's keyword made a contact here")
	}
	c, err := s.Store.FindContact(ctx, other.ID, store.Identity{Phone: phone})
	must(t, err)
	reachable(t, s, other.ID, c.ID, map[string]bool{"sms": false})

	sink := s.Sink(nil, func(context.Context, store.Connection, string, []byte, string) error { return nil })
	conn := store.Connection{ID: "conn_sms", TenantID: p.TenantID, PluginID: "twilio-sms"}
	for _, bad := range []string{`{"phone": 5}`, `{"phone": "STOP", "keyword": "STOP"}`} {
		if err := sink(ctx, conn, "sms.opted_out", []byte(bad), "conn_sms:optout:bad"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: %v, want invalid_input", bad, err)
		}
	}
	// Another channel's plugin owns its own subjects.
	wa := store.Connection{ID: "conn_wa", TenantID: p.TenantID, PluginID: "whatsapp-cloud"}
	must(t, sink(ctx, wa, "sms.opted_out", []byte(`{"phone": "+5511987650003"}`), "conn_wa:x"))
	if _, err := s.Store.FindContact(ctx, p.TenantID, store.Identity{Phone: "+5511987650003"}); err == nil {
		t.Fatal("a whatsapp connection's sms.opted_out was recorded")
	}
}

func reachable(t *testing.T, s *Service, tenantID, contactID string, want map[string]bool) {
	t.Helper()
	for ch, w := range want {
		ok, err := s.Store.ContactReachable(context.Background(), tenantID, contactID, ch)
		if err != nil || ok != w {
			t.Errorf("reachable on %s: %v %v, want %v", ch, ok, err, w)
		}
	}
}

func count(xs []string, x string) int {
	return len(slices.DeleteFunc(slices.Clone(xs), func(y string) bool { return y != x }))
}
