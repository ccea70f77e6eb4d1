package inbox

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/apperr/apperrtest"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// outbound is the message.outbound payloads' outbound messages, claimed.
func outbound(t *testing.T, st store.Store) []sdk.OutboundMessage {
	t.Helper()
	var out []sdk.OutboundMessage
	for _, p := range payloadsOf(t, st, "message.outbound") {
		raw, _ := json.Marshal(p["outbound"])
		var o sdk.OutboundMessage
		must(t, json.Unmarshal(raw, &o))
		out = append(out, o)
	}
	return out
}

// fieldOf is the message an invalid_input error gives field, or "".
func fieldOf(err error, field string) string {
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
		return e.Fields[field]
	}
	return ""
}

// TestReplyToQuotesTheProviderMessage: a reply naming the message it
// answers is sent with that message's wamid as its context, and stored
// with it (the thread shows the quote on the agent's side too).
func TestReplyToQuotesTheProviderMessage(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	r, err := s.Receive(ctx, p.TenantID, whatsapp("5511987654321", "wamid.question", "Tem em azul?", time.Now()))
	must(t, err)
	events(t, s.Store)
	m, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Text: "Temos sim!", ReplyTo: r.Message.ID})
	if err != nil {
		t.Fatal(err)
	}
	if m.ReplyTo != "wamid.question" {
		t.Fatalf("stored reply_to %q, want the quoted message's wamid", m.ReplyTo)
	}
	if got, _ := s.Store.GetMessage(ctx, p.TenantID, m.ID); got.ReplyTo != "wamid.question" {
		t.Fatalf("stored reply_to %q after a read", got.ReplyTo)
	}
	if out := outbound(t, s.Store); len(out) != 1 || out[0].ReplyTo != "wamid.question" || out[0].Kind != sdk.KindText {
		t.Fatalf("outbound: %+v", out)
	}
	input, err := sendInput("whatsapp", sdk.OutboundMessage{To: "5511987654321", Kind: sdk.KindText, Text: "x", ReplyTo: "wamid.question"})
	if err != nil || input["reply_to"] != "wamid.question" {
		t.Fatalf("whatsapp.send input %v %v", input, err)
	}
}

// TestReplyToRefusals: a message of another conversation or tenant is not
// found; a note, a reaction and an unsent message cannot be quoted; SMS
// cannot quote at all. Nothing is stored or sent.
func TestReplyToRefusals(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	now := time.Now()
	r, err := s.Receive(ctx, p.TenantID, whatsapp("5511987654321", "wamid.a", "oi", now))
	must(t, err)
	other, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650000", "wamid.b", "olá", now))
	must(t, err)
	ten2, u2 := storetest.Seed(t, s.Store, "other")
	foreign, err := s.Receive(ctx, ten2.ID, whatsapp("5511987654321", "wamid.c", "segredo", now))
	must(t, err)
	note, err := s.AddNote(ctx, p, r.Conversation.ID, "cliente VIP")
	must(t, err)
	react, err := s.Receive(ctx, p.TenantID, Inbound{ConnectionID: "conn_wa", Channel: "whatsapp", Message: sdk.InboundMessage{
		ProviderMessageID: "wamid.r", From: "5511987654321", Timestamp: now, Type: sdk.InboundReaction,
		Reaction: &sdk.Reaction{MessageID: "wamid.a", Emoji: "❤️"}}})
	must(t, err)
	pending, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Text: "um momento"})
	must(t, err)
	sms, err := s.Receive(ctx, p.TenantID, Inbound{ConnectionID: "conn_sms", Channel: "sms", Message: sdk.InboundMessage{
		ProviderMessageID: "SM1", From: "+5511987650099", Type: sdk.InboundText, Text: "oi"}})
	must(t, err)
	events(t, s.Store)

	for _, id := range []string{"msg_nope", other.Message.ID, foreign.Message.ID} {
		_, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Text: "x", ReplyTo: id})
		if e, _ := apperr.As(err); !apperr.Is(err, apperr.NotFound) || e.Reason != apperr.MessageNotFound || strings.Contains(err.Error(), "segredo") {
			t.Errorf("reply_to %s: %v, want not found", id, err)
		}
	}
	p2 := tenancy.Principal{TenantID: ten2.ID, UserID: u2.ID, Role: auth.RoleOwner}
	if _, err := s.Reply(ctx, p2, foreign.Conversation.ID, ReplyInput{Text: "x", ReplyTo: r.Message.ID}); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("the other tenant quoting ours: %v", err)
	}
	for what, id := range map[string]string{"a note": note.ID, "a reaction": react.Message.ID} {
		if _, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Text: "x", ReplyTo: id}); fieldOf(err, "reply_to") == "" {
			t.Errorf("quoting %s: %v, want invalid reply_to", what, err)
		}
	}
	if _, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Text: "x", ReplyTo: pending.ID}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("quoting a message not sent yet: %v", err)
	}
	_, err = s.Reply(ctx, p, sms.Conversation.ID, ReplyInput{Text: "x", ReplyTo: sms.Message.ID})
	if msg := fieldOf(err, "reply_to"); !strings.Contains(msg, "SMS cannot quote") {
		t.Errorf("reply_to on SMS: %v", err)
	}
	if out := outbound(t, s.Store); len(out) != 0 {
		t.Fatalf("a refused reply was sent: %+v", out)
	}
	wantKeys(t, s, p, r.Conversation.ID, sms, note.ID, react.Message.ID, pending.ID)
}

// wantKeys: each refused quote or reaction target carries its reason and
// params beside the unchanged English, in field_reasons and, for a
// message not sent yet, as the refusal's reason.
func wantKeys(t *testing.T, s *Service, p tenancy.Principal, conv string, sms Received, note, reaction, pending string) {
	t.Helper()
	quote := apperr.P{"action": "quote"}
	for _, tc := range []struct {
		err    error
		field  string
		reason apperr.FieldReason
		params apperr.P
		text   string
	}{
		{reply(s, p, conv, note), "reply_to", apperr.FieldQuoteNote, quote, "an internal note never reached the customer: it cannot be quoted"},
		{reply(s, p, conv, reaction), "reply_to", apperr.FieldQuoteReaction, quote, "a reaction cannot be quoted"},
		{reply(s, p, conv, pending), "reply_to", apperr.FieldNotSentYet, quote, "not sent (yet)"},
		{reply(s, p, sms.Conversation.ID, sms.Message.ID), "reply_to", apperr.FieldQuoteChannel, apperr.P{"channel": "sms"},
			"SMS cannot quote a message: send the reply without reply_to"},
		{react(s, p, conv, note), "message_id", apperr.FieldQuoteNote, apperr.P{"action": "react"},
			"an internal note never reached the customer: it cannot be reacted to"},
	} {
		e, ok := apperr.As(tc.err)
		if !ok || e.Fields[tc.field] != tc.text || e.FieldReasons[tc.field].Reason != tc.reason ||
			fmt.Sprint(e.FieldReasons[tc.field].Params) != fmt.Sprint(tc.params) {
			t.Errorf("%s: %+v", tc.reason, tc.err)
		}
		if e != nil && e.Code == apperr.Invalid && e.Reason != apperr.MessageInvalid {
			t.Errorf("%s: summary reason %q", tc.reason, e.Reason)
		}
	}
	apperrtest.Want(t, reply(s, p, conv, pending), apperr.Conflict, apperr.MessageNotSentYet, quote,
		"the message has not reached WhatsApp (yet): it cannot be quoted")
	apperrtest.Want(t, react(s, p, sms.Conversation.ID, sms.Message.ID), apperr.Invalid, apperr.ReactionsUnsupported, apperr.P{"channel": "sms"},
		"SMS has no reactions: only a WhatsApp conversation's messages can be reacted to")
}

func reply(s *Service, p tenancy.Principal, conv, quoted string) error {
	_, err := s.Reply(context.Background(), p, conv, ReplyInput{Text: "x", ReplyTo: quoted})
	return err
}

func react(s *Service, p tenancy.Principal, conv, target string) error {
	thumbs := "👍"
	_, err := s.React(context.Background(), p, conv, target, ReactionInput{Emoji: &thumbs})
	return err
}
