package contacts

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// DataExport is everything the workspace holds about one person: the
// answer to an LGPD (art. 18) request for a copy of one's data.
type DataExport struct {
	ExportedAt    time.Time            `json:"exported_at"`
	Contact       store.Contact        `json:"contact"`
	Notes         []store.Note         `json:"notes"`
	Consents      []store.Consent      `json:"consents"`
	Conversations []ConversationExport `json:"conversations"`
	Cards         []store.Card         `json:"cards"`
	CardHistory   []store.CardEvent    `json:"card_history"`
	Fields        []store.FieldDef     `json:"field_definitions"`
}

// ConversationExport is a conversation with all its messages.
type ConversationExport struct {
	store.Conversation
	Messages []store.Message `json:"messages"`
}

// Export gathers everything about one contact (admins only: it is a copy
// of all their data).
func (s *Service) Export(ctx context.Context, p tenancy.Principal, id string) (DataExport, error) {
	if err := crm.Require(p, auth.RoleAdmin); err != nil {
		return DataExport{}, err
	}
	out := DataExport{ExportedAt: s.Clock.Now()}
	var err error
	if out.Contact, err = s.Get(ctx, p, id); err != nil {
		return out, err
	}
	steps := []func() error{
		func() (err error) { out.Notes, err = s.Store.ListNotes(ctx, p.TenantID, id); return },
		func() (err error) { out.Consents, err = s.Store.ListConsents(ctx, p.TenantID, id); return },
		func() (err error) { out.Fields, err = s.Store.ListFieldDefs(ctx, p.TenantID); return },
		func() (err error) { out.Conversations, err = s.exportConversations(ctx, p.TenantID, id); return },
		func() (err error) { out.Cards, out.CardHistory, err = s.exportCards(ctx, p.TenantID, id); return },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (s *Service) exportConversations(ctx context.Context, tenantID, contactID string) ([]ConversationExport, error) {
	var out []ConversationExport
	err := eachPage(func(cursor string) (string, error) {
		convs, next, err := s.Store.ListConversations(ctx, tenantID, store.ConversationFilter{ContactID: contactID, Page: store.Page{Cursor: cursor, Limit: 200}})
		for _, c := range convs {
			ce := ConversationExport{Conversation: c, Messages: []store.Message{}}
			err = eachPage(func(cur string) (string, error) {
				ms, n, err := s.Store.ListMessages(ctx, tenantID, c.ID, store.Page{Cursor: cur, Limit: 200})
				ce.Messages = append(ce.Messages, ms...)
				return n, err
			})
			if err != nil {
				return "", err
			}
			out = append(out, ce)
		}
		return next, err
	})
	return out, err
}

func (s *Service) exportCards(ctx context.Context, tenantID, contactID string) ([]store.Card, []store.CardEvent, error) {
	cards, _, err := s.Store.ListCards(ctx, tenantID, store.CardFilter{ContactID: contactID, Page: store.Page{Limit: 5000}})
	history := []store.CardEvent{}
	for _, c := range cards {
		if err != nil {
			break
		}
		var evs []store.CardEvent
		evs, err = s.Store.ListCardEvents(ctx, tenantID, c.ID)
		history = append(history, evs...)
	}
	return cards, history, err
}

// eachPage calls fetch with each next cursor until the last page.
func eachPage(fetch func(cursor string) (string, error)) error {
	cursor := ""
	for {
		next, err := fetch(cursor)
		if err != nil || next == "" {
			return err
		}
		cursor = next
	}
}
