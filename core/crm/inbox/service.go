// Package inbox is the shared inbox: conversations per contact per
// connection, messages in and out with delivery status, assignment,
// labels, internal notes, canned responses and the bot/human handoff.
// Channel plugins enter through Receive and ApplyStatus; agents through
// the API; the flow engine through Handoff and Release.
package inbox

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// Conversation statuses.
const (
	StatusOpen     = "open"
	StatusPending  = "pending"
	StatusResolved = "resolved"
)

// Who handles a conversation.
const (
	HandlerBot   = "bot"
	HandlerHuman = "human"
)

// Window is WhatsApp's customer-service window: free-form messages are
// allowed until 24 hours after the contact's last message; after that,
// only approved templates.
const Window = 24 * time.Hour

// windowChannels are the channels with a customer-service window.
var windowChannels = map[string]bool{"whatsapp": true}

// Service holds the inbox use cases.
type Service struct {
	Store store.Store
	Clock crm.Clock
	// Files, when set, deletes stored files: the copy of inbound media a
	// channel downloaded again for a redelivered message.
	Files interface {
		Delete(ctx context.Context, tenantID, id string) error
	}

	group    groupCommit[*pendingReceive] // Receive's group commit
	statuses groupCommit[*pendingStatus]  // ApplyStatus's
}

// New makes a Service over st.
func New(st store.Store) *Service { return &Service{Store: st} }

// withWindow fills the conversation's 24-hour window fields.
func (s *Service) withWindow(c store.Conversation) store.Conversation {
	if !windowChannels[c.Channel] {
		c.WindowOpen, c.WindowClosesAt = true, nil
		return c
	}
	if c.LastInboundAt == nil {
		c.WindowOpen, c.WindowClosesAt = false, nil
		return c
	}
	closes := c.LastInboundAt.Add(Window)
	if shut := c.WindowClosedAt; shut != nil && !c.LastInboundAt.After(*shut) && shut.Before(closes) {
		closes = *shut // the channel said so, and the contact has not written since
	}
	c.WindowOpen, c.WindowClosesAt = s.Clock.Now().Before(closes), &closes
	return c
}

// Get returns a conversation of the caller's tenant, with its window and
// the contact's consent on its channel.
func (s *Service) Get(ctx context.Context, p tenancy.Principal, id string) (store.Conversation, error) {
	c, err := s.Store.GetConversation(ctx, p.TenantID, id)
	if err != nil {
		return c, crm.NotFound(err, "conversation")
	}
	return s.withConsent(ctx, s.withWindow(c))
}

// List pages the inbox. An unknown status or handler is refused, as the
// runs' and the sends' lists refuse theirs, rather than matching nothing.
func (s *Service) List(ctx context.Context, p tenancy.Principal, f store.ConversationFilter) ([]store.Conversation, string, error) {
	bad := map[string]apperr.Field{}
	if f.Status != "" && f.Status != StatusOpen && f.Status != StatusPending && f.Status != StatusResolved {
		bad["status"] = apperr.OneOf("open, pending or resolved", "open, pending, resolved")
	}
	if f.Handler != "" && f.Handler != HandlerBot && f.Handler != HandlerHuman {
		bad["handler"] = apperr.OneOf("bot or human", "bot, human")
	}
	if !listSorts[f.Sort] {
		bad["sort"] = apperr.OneOf("last_message_at, created_at (- for descending) or waiting",
			"last_message_at, -last_message_at, created_at, -created_at, waiting")
	}
	if len(f.Query) > 100 {
		bad["q"] = apperr.TooLong(100)
	}
	if len(bad) > 0 {
		return nil, "", apperr.ListParams(bad)
	}
	items, next, err := s.Store.ListConversations(ctx, p.TenantID, f)
	for i := range items {
		items[i] = s.withWindow(items[i])
	}
	return items, next, crm.BadCursor(err)
}

// listSorts are the orders List takes ("" is the default, latest first).
var listSorts = map[string]bool{"": true, "last_message_at": true, "-last_message_at": true, "created_at": true,
	"-created_at": true, "waiting": true}

// write is the role needed to work conversations.
const write = auth.RoleAgent

// event is the payload of conversation events; by is who acted, as
// tenancy.Principal.Actor names them (the contact's ID when their message
// opened the conversation).
func event(c store.Conversation, by string) map[string]any {
	return map[string]any{"conversation": c, "conversation_id": c.ID, "contact_id": c.ContactID, "by": by}
}
