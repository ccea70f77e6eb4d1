package inbox

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/crm/contacts"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// A channel plugin reports a contact's opt-out or opt-in keyword in its
// own namespace, named after its channel: twilio-sms emits sms.opted_out
// when a contact texts STOP or SAIR, and sms.opted_in for START;
// whatsapp-cloud emits whatsapp.opted_out and whatsapp.opted_in.
var keywordStatuses = map[string]string{".opted_out": "opt_out", ".opted_in": "opt_in"}

// keywordPayload is such an event's body. Scope, when set, names the
// part of the channel the consent is about: whatsapp-cloud reports
// "marketing" for Meta's 131050 and a "Stop promotions" tap, recorded as
// a whatsapp:marketing opt-out that leaves replies and utility templates
// alone.
type keywordPayload struct {
	Phone   string `json:"phone"`
	Keyword string `json:"keyword"`
	Scope   string `json:"scope,omitempty"`
}

// validPart tells a channel part's name: lower-case letters and
// underscores, as "marketing".
func validPart(part string) bool {
	if part == "" || len(part) > 32 {
		return false
	}
	for _, r := range part {
		if (r < 'a' || r > 'z') && r != '_' {
			return false
		}
	}
	return true
}

// sinkKeyword records an opt-out or opt-in keyword on the sender's contact
// (found or created by phone), for the channel (or the part of it the
// payload's scope names), with contact.consent: the inbox, campaigns and
// flows then honour it as they do the consent API's.
// The event's ID de-duplicates: a redelivered STOP records nothing. Other
// subjects are left alone.
func (s *Service) sinkKeyword(ctx context.Context, c store.Connection, channelOf func(string) string, subject string, payload []byte, msgID string) error {
	ch, suffix, ok := strings.Cut(subject, ".")
	status := keywordStatuses["."+suffix]
	if !ok || status == "" || ch != channel(channelOf, c.PluginID) {
		return nil
	}
	var k keywordPayload
	if err := json.Unmarshal(payload, &k); err != nil {
		return apperr.New(apperr.Invalid, "%s payload: %v", subject, err)
	}
	now := s.Clock.Now()
	seen := sender(Inbound{Channel: ch, Message: sdk.InboundMessage{From: k.Phone}}, now)
	if seen.Phone == "" {
		return apperr.Fields("the keyword cannot be recorded", map[string]string{"phone": "not a phone number: " + k.Phone})
	}
	if k.Scope != "" && !validPart(k.Scope) {
		return apperr.Fields("the keyword cannot be recorded", map[string]string{"scope": "not a part of a channel: " + k.Scope})
	}
	kw := contacts.Keyword{Channel: store.ConsentScope(ch, k.Scope), Status: status, Word: k.Keyword, Key: msgID, At: now}
	return crm.Retry(func() error {
		return s.Store.Tx(ctx, func(q store.Queries) error {
			rec, added, err := contacts.RecordKeyword(ctx, q, c.TenantID, seen, kw)
			if err != nil || !added || rec.Status != "opt_out" || k.Scope != "" {
				return err
			}
			return s.stopWaiting(ctx, q, c, rec.ContactID, now)
		})
	})
}

// stopWaiting takes the conversation of a contact who just opted out of
// the connection's channel off the waiting list: the keyword (SAIR,
// STOP) asks for no answer, and no reply could be sent. Its unread
// count stays, so the team still sees the message. A marketing opt-out
// (scope) leaves the wait alone: replies still go out.
func (s *Service) stopWaiting(ctx context.Context, q store.Queries, c store.Connection, contactID string, at time.Time) error {
	found, err := q.ConversationsOf(ctx, c.TenantID, []store.Conversation{{TenantID: c.TenantID, ContactID: contactID, ConnectionID: c.ID}})
	if err != nil || len(found) == 0 || found[0].ID == "" || found[0].WaitingSince == nil {
		return err
	}
	if err := q.StopWaiting(ctx, c.TenantID, found[0].ID, at); err != nil {
		return err
	}
	conv, err := q.GetConversation(ctx, c.TenantID, found[0].ID)
	if err != nil {
		return err
	}
	return crm.Emit(ctx, q, c.TenantID, bus.EventConversationUpdated, event(s.withWindow(conv), tenancy.SystemActor))
}
