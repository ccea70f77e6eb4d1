package inbox

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// TestWhatsAppKeywordShowsOnTheConversation: a WhatsApp "PARAR"
// (message.received, then whatsapp-cloud's whatsapp.opted_out) records a
// whatsapp opt-out; reading the conversation says the contact cannot be
// reached and why, and a reply is refused; SMS stays reachable; START
// makes it reachable again.
func TestWhatsAppKeywordShowsOnTheConversation(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	sink := s.Sink(nil, func(context.Context, store.Connection, string, []byte, string) error { return nil })
	conn := store.Connection{ID: "conn_wa", TenantID: p.TenantID, PluginID: "whatsapp-cloud"}
	deliver := func(subject string, payload any, id string) {
		t.Helper()
		raw, _ := json.Marshal(payload)
		must(t, sink(ctx, conn, subject, raw, conn.ID+":"+id))
	}
	const waID = "5511987650004"
	deliver("message.received", sdk.InboundMessage{ProviderMessageID: "wamid.1", From: waID, Type: sdk.InboundText, Text: "PARAR!", Timestamp: time.Now()}, "in:wamid.1")
	convs, _, _ := s.List(ctx, p, store.ConversationFilter{})
	if len(convs) != 1 || convs[0].Consent != nil {
		t.Fatalf("conversations: %+v (lists carry no consent)", convs)
	}
	if c := mustGet(t, s, p, convs[0].ID).Consent; c == nil || !c.Reachable || c.Status != "" {
		t.Fatalf("consent before the keyword: %+v", c)
	}
	deliver("whatsapp.opted_out", keyword(waID, "PARAR", "wamid.1"), "optout:wamid.1")
	c := mustGet(t, s, p, convs[0].ID).Consent
	if c == nil || c.Reachable || c.Status != "opt_out" || c.Source != "keyword:PARAR" || c.Channel != "whatsapp" || c.At == nil {
		t.Fatalf("consent after PARAR: %+v", c)
	}
	reachable(t, s, p.TenantID, convs[0].ContactID, map[string]bool{"whatsapp": false, "sms": true})
	if _, err := s.Reply(ctx, p, convs[0].ID, ReplyInput{Text: "Posso ajudar?"}); !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "opted out of whatsapp") {
		t.Fatalf("a reply after PARAR: %v", err)
	}
	deliver("message.received", sdk.InboundMessage{ProviderMessageID: "wamid.2", From: waID, Type: sdk.InboundText, Text: "start", Timestamp: time.Now()}, "in:wamid.2")
	deliver("whatsapp.opted_in", keyword(waID, "START", "wamid.2"), "optin:wamid.2")
	if c := mustGet(t, s, p, convs[0].ID).Consent; c == nil || !c.Reachable || c.Status != "opt_in" || c.Source != "keyword:START" {
		t.Fatalf("consent after START: %+v", c)
	}
}

func mustGet(t *testing.T, s *Service, p tenancy.Principal, id string) store.Conversation {
	t.Helper()
	c, err := s.Get(context.Background(), p, id)
	must(t, err)
	return c
}

// TestChannelConsent: the channel's latest record decides, unless the
// latest record for all channels is an opt-out.
func TestChannelConsent(t *testing.T) {
	at := func(min int) time.Time { return time.Date(2026, 3, 1, 12, min, 0, 0, time.UTC) }
	rec := func(ch, status string, min int) store.Consent {
		return store.Consent{Channel: ch, Status: status, Source: status + ":" + ch, CreatedAt: at(min)}
	}
	for name, c := range map[string]struct {
		records   []store.Consent // newest first
		reachable bool
		source    string
	}{
		"none":                       {nil, true, ""},
		"another channel's opt-out":  {[]store.Consent{rec("sms", "opt_out", 2)}, true, ""},
		"the channel's opt-out":      {[]store.Consent{rec("whatsapp", "opt_out", 2), rec("whatsapp", "opt_in", 1)}, false, "opt_out:whatsapp"},
		"opted back in":              {[]store.Consent{rec("whatsapp", "opt_in", 2), rec("whatsapp", "opt_out", 1)}, true, "opt_in:whatsapp"},
		"all channels opted out":     {[]store.Consent{rec("whatsapp", "opt_in", 3), rec("all", "opt_out", 2)}, false, "opt_out:all"},
		"all opted out, then all in": {[]store.Consent{rec("all", "opt_in", 3), rec("all", "opt_out", 2), rec("whatsapp", "opt_in", 1)}, true, "opt_in:whatsapp"},
	} {
		got := channelConsent(c.records, "whatsapp")
		if got.Reachable != c.reachable || got.Source != c.source {
			t.Errorf("%s: %+v, want reachable=%v from %q", name, got, c.reachable, c.source)
		}
	}
}

// TestChannelConsentMarketing: an opt-out of the channel's marketing
// messages leaves the channel reachable (the composer stays open: an
// agent's reply is no marketing) and is told as the consent's Marketing;
// the channel's own opt-out or all's blocks marketing too.
func TestChannelConsentMarketing(t *testing.T) {
	at := func(min int) time.Time { return time.Date(2026, 3, 1, 12, min, 0, 0, time.UTC) }
	rec := func(ch, status string, min int) store.Consent {
		return store.Consent{Channel: ch, Status: status, Source: status + ":" + ch, CreatedAt: at(min)}
	}
	for name, c := range map[string]struct {
		records              []store.Consent // newest first
		reachable, marketing bool
		source               string // the marketing consent's deciding record; "" none told
	}{
		"no marketing record":   {[]store.Consent{rec("whatsapp", "opt_out", 1)}, false, false, ""},
		"marketing opted out":   {[]store.Consent{rec("whatsapp:marketing", "opt_out", 2), rec("whatsapp", "opt_in", 1)}, true, false, "opt_out:whatsapp:marketing"},
		"marketing opted in":    {[]store.Consent{rec("whatsapp:marketing", "opt_in", 3), rec("whatsapp:marketing", "opt_out", 2)}, true, true, "opt_in:whatsapp:marketing"},
		"the channel's opt-out": {[]store.Consent{rec("whatsapp", "opt_out", 3), rec("whatsapp:marketing", "opt_in", 2)}, false, false, "opt_out:whatsapp"},
		"another channel's":     {[]store.Consent{rec("sms:marketing", "opt_out", 3)}, true, true, ""},
	} {
		got := channelConsent(c.records, "whatsapp")
		m := got.Marketing
		switch {
		case got.Reachable != c.reachable:
			t.Errorf("%s: %+v, want reachable=%v", name, got, c.reachable)
		case c.source == "" && m != nil:
			t.Errorf("%s: marketing %+v, want none", name, m)
		case c.source != "" && (m == nil || m.Reachable != c.marketing || m.Source != c.source):
			t.Errorf("%s: marketing %+v, want reachable=%v from %q", name, m, c.marketing, c.source)
		}
	}
}
