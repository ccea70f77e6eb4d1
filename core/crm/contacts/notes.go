package contacts

import (
	"context"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// AddNote writes an agent's note on a contact.
func (s *Service) AddNote(ctx context.Context, p tenancy.Principal, contactID, body string) (store.Note, error) {
	if err := crm.Require(p, write); err != nil {
		return store.Note{}, err
	}
	body = strings.TrimSpace(body)
	if body == "" || len(body) > 10000 {
		return store.Note{}, apperr.Fields("the note cannot be saved", map[string]apperr.Field{"body": apperr.RequiredMax(10000)}).Because(apperr.NoteInvalid, nil)
	}
	n := store.Note{ID: ids.New("not"), TenantID: p.TenantID, ContactID: contactID, AuthorID: p.Actor(), Body: body, CreatedAt: s.Clock.Now()}
	return n, crm.NotFound(s.Store.AddNote(ctx, n), "contact")
}

// ListNotes lists a contact's notes, newest first.
func (s *Service) ListNotes(ctx context.Context, p tenancy.Principal, contactID string) ([]store.Note, error) {
	if _, err := s.Get(ctx, p, contactID); err != nil {
		return nil, err
	}
	return s.Store.ListNotes(ctx, p.TenantID, contactID)
}

// ConsentInput is an opt-in or opt-out to record.
type ConsentInput struct {
	Channel string `json:"channel"`          // whatsapp, sms, email, voice, all, or a channel's marketing: whatsapp:marketing
	Status  string `json:"status"`           // opt_in or opt_out
	Source  string `json:"source,omitempty"` // where it came from: "form:site", "keyword:PARAR", "import"; left out: "agent:" and the caller's ID
}

// Consent records an opt-in or opt-out with its source and time; the
// latest record per channel is the one every send path honours. An
// opt-in of a channel also opts the contact back in to each part of it
// they had opted out of (whatsapp:marketing), as a texted START does:
// each lifted part is its own record in the history.
func (s *Service) Consent(ctx context.Context, p tenancy.Principal, contactID string, in ConsentInput) (store.Consent, error) {
	if err := crm.Require(p, write); err != nil {
		return store.Consent{}, err
	}
	bad := map[string]apperr.Field{}
	if ch := in.Channel; ch == "" || len(ch) > 32 || strings.ContainsAny(ch, " .") {
		bad["channel"] = apperr.Text("required: a channel name like whatsapp or sms, all, or a channel's marketing: whatsapp:marketing")
	}
	if in.Status != "opt_in" && in.Status != "opt_out" {
		bad["status"] = apperr.OneOf("must be opt_in or opt_out", "opt_in, opt_out")
	}
	if len(in.Source) > 200 {
		bad["source"] = apperr.TooLong(200)
	}
	if len(bad) > 0 {
		return store.Consent{}, apperr.Fields("the consent cannot be recorded", bad)
	}
	if in.Source == "" {
		in.Source = "agent:" + p.Actor()
	}
	c := store.Consent{ID: ids.New("cns"), TenantID: p.TenantID, ContactID: contactID, Channel: in.Channel,
		Status: in.Status, Source: in.Source, CreatedAt: s.Clock.Now()}
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		had, err := q.ListConsents(ctx, p.TenantID, contactID)
		if err != nil {
			return err
		}
		if err := addConsent(ctx, q, c); err != nil {
			return err
		}
		return optInParts(ctx, q, had, c, func(string) string { return ids.New("cns") })
	})
	return c, err
}

// addConsent stores a consent record and emits contact.consent (which the
// campaign ledger reads) in the caller's transaction: every way a consent
// is given, the API's and a channel keyword's, goes through it.
func addConsent(ctx context.Context, q store.Queries, c store.Consent) error {
	if err := q.AddConsent(ctx, c); err != nil {
		return crm.NotFound(err, "contact")
	}
	return crm.Emit(ctx, q, c.TenantID, bus.EventContactConsent, c)
}

// ListConsents lists a contact's consent records, newest first.
func (s *Service) ListConsents(ctx context.Context, p tenancy.Principal, contactID string) ([]store.Consent, error) {
	if _, err := s.Get(ctx, p, contactID); err != nil {
		return nil, err
	}
	return s.Store.ListConsents(ctx, p.TenantID, contactID)
}
