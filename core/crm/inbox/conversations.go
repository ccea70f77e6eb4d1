package inbox

import (
	"context"
	"errors"
	"regexp"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// change loads a conversation in a transaction, lets fn change it, saves
// it and emits typ with it. It answers the conversation as Get does (its
// window and the contact's consent), so a client may keep the answer in
// place of what it read before.
func (s *Service) change(ctx context.Context, p tenancy.Principal, id, typ string, fn func(q store.Queries, c *store.Conversation) error) (store.Conversation, error) {
	if err := crm.Require(p, write); err != nil {
		return store.Conversation{}, err
	}
	var c store.Conversation
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		var err error
		if c, err = q.GetConversation(ctx, p.TenantID, id); err != nil {
			return crm.NotFound(err, "conversation")
		}
		was := c
		if err := fn(q, &c); err != nil {
			return err
		}
		c.UpdatedAt = s.Clock.Now()
		if err := q.UpdateConversation(ctx, c); err != nil {
			return err
		}
		if err := s.record(ctx, q, c, changes(was, c, p.Actor())...); err != nil {
			return err
		}
		c = s.withWindow(c)
		return crm.Emit(ctx, q, p.TenantID, typ, event(c, p.Actor()))
	})
	if err != nil {
		return c, err
	}
	return s.withConsent(ctx, c)
}

// SetStatus moves a conversation to open, pending or resolved. Resolving
// hands it back to the bot, unassigned (conversation.released resumes a
// flow held by its handoff step): the customer's next message is the
// bot's to answer, and lands in the unassigned queue if the bot hands
// over again. The thread's activity line keeps who resolved it and who
// had it.
func (s *Service) SetStatus(ctx context.Context, p tenancy.Principal, id, status string) (store.Conversation, error) {
	if status != StatusOpen && status != StatusPending && status != StatusResolved {
		return store.Conversation{}, apperr.Fields("unknown status", map[string]apperr.Field{"status": apperr.OneOf("must be open, pending or resolved", "open, pending, resolved")})
	}
	return s.change(ctx, p, id, bus.EventConversationUpdated, func(q store.Queries, c *store.Conversation) error {
		c.Status = status
		if status != StatusResolved {
			return nil
		}
		human := c.Handler == HandlerHuman
		c.Handler, c.AssigneeID = HandlerBot, ""
		if !human {
			return nil
		}
		return crm.Emit(ctx, q, p.TenantID, bus.EventConversationReleased, event(*c, p.Actor()))
	})
}

// Assign gives the conversation to a member with the agent role or
// above; an empty userID unassigns it.
func (s *Service) Assign(ctx context.Context, p tenancy.Principal, id, userID string) (store.Conversation, error) {
	return s.change(ctx, p, id, bus.EventConversationAssigned, func(q store.Queries, c *store.Conversation) error {
		if err := checkAgent(ctx, q, p.TenantID, userID, "user_id"); err != nil {
			return err
		}
		c.AssigneeID = userID
		return nil
	})
}

// AssignNext gives the conversation to the next online agent, round
// robin; conflict when nobody is online.
func (s *Service) AssignNext(ctx context.Context, p tenancy.Principal, id string) (store.Conversation, error) {
	return s.change(ctx, p, id, bus.EventConversationAssigned, func(q store.Queries, c *store.Conversation) error {
		next, err := q.NextAgent(ctx, p.TenantID, s.Clock.Now())
		if errors.Is(err, store.ErrNotFound) {
			return apperr.New(apperr.Conflict, "no agent is online").Because(apperr.NoAgentOnline, nil)
		}
		c.AssigneeID = next
		return err
	})
}

func checkAgent(ctx context.Context, q store.Queries, tenantID, userID, field string) error {
	if userID == "" {
		return nil
	}
	m, err := q.GetMember(ctx, tenantID, userID)
	if err != nil || !auth.Role(m.Role).AtLeast(auth.RoleAgent) {
		return apperr.Fields("cannot assign", map[string]apperr.Field{field: apperr.Keyed("is not an agent of this workspace", apperr.FieldNotAgent, nil)})
	}
	return nil
}

var labelRe = regexp.MustCompile(`^[^\x00-\x1f]{1,40}$`)

// Label adds (or with add false removes) a label.
func (s *Service) Label(ctx context.Context, p tenancy.Principal, id, label string, add bool) (store.Conversation, error) {
	if !labelRe.MatchString(label) {
		return store.Conversation{}, apperr.Fields("bad label", map[string]apperr.Field{"label": apperr.Keyed("1 to 40 characters", apperr.FieldRequiredMax, apperr.P{"max": 40})})
	}
	return s.change(ctx, p, id, bus.EventConversationUpdated, func(q store.Queries, c *store.Conversation) error {
		var err error
		if add {
			_, err = q.AddLabel(ctx, p.TenantID, id, label)
		} else {
			_, err = q.RemoveLabel(ctx, p.TenantID, id, label)
		}
		if err != nil {
			return err
		}
		fresh, err := q.GetConversation(ctx, p.TenantID, id)
		c.Labels = fresh.Labels
		return err
	})
}

// MarkRead zeroes the unread count.
func (s *Service) MarkRead(ctx context.Context, p tenancy.Principal, id string) (store.Conversation, error) {
	if err := crm.Require(p, write); err != nil {
		return store.Conversation{}, err
	}
	c, err := s.Get(ctx, p, id)
	if err != nil || c.Unread == 0 {
		return c, err // nothing to read: no write, no event
	}
	return s.change(ctx, p, id, bus.EventConversationUpdated, func(q store.Queries, c *store.Conversation) error {
		unread := c.Unread
		c.Unread = 0
		if unread == 0 || c.Channel != "whatsapp" {
			return nil
		}
		return readReceipt(ctx, q, *c)
	})
}

// readReceipt has the channel tell the customer their messages were read
// (WhatsApp's blue ticks: a read receipt for the latest inbound message
// marks the ones before it too). It goes out through message.outbound, as
// a reply does, so a restart or a passing failure does not lose it.
func readReceipt(ctx context.Context, q store.Queries, c store.Conversation) error {
	latest, err := latestInbound(ctx, q, c)
	if err != nil || latest == "" {
		return err
	}
	contact, err := q.GetContact(ctx, c.TenantID, c.ContactID)
	if err != nil {
		return crm.NotFound(err, "contact")
	}
	out := sdk.OutboundMessage{To: address(c.Channel, contact), Kind: sdk.KindRead, ReplyTo: latest}
	return crm.Emit(ctx, q, c.TenantID, bus.EventMessageOutbound, map[string]any{
		"outbound": out, "connection_id": c.ConnectionID, "channel": c.Channel})
}

// receiptPages bounds how far back readReceipt looks for the customer's
// latest message: past replies, notes and bot or campaign messages.
const receiptPages = 10

// latestInbound is the provider ID of the conversation's newest inbound
// message, "" when none is within receiptPages pages.
func latestInbound(ctx context.Context, q store.Queries, c store.Conversation) (string, error) {
	cursor := ""
	for range receiptPages {
		page, next, err := q.ListMessages(ctx, c.TenantID, c.ID, store.Page{Limit: 50, Cursor: cursor})
		if err != nil {
			return "", err
		}
		for _, m := range page { // newest first
			if m.Direction == "in" && m.ProviderMessageID != "" {
				return m.ProviderMessageID, nil
			}
		}
		if next == "" {
			return "", nil
		}
		cursor = next
	}
	return "", nil
}

// SetPresence marks the calling user online or offline for round-robin
// assignment.
func (s *Service) SetPresence(ctx context.Context, p tenancy.Principal, online bool) error {
	if err := crm.Require(p, write); err != nil {
		return err
	}
	if p.UserID == "" {
		return apperr.New(apperr.Invalid, "presence belongs to a person: log in instead of using an API key")
	}
	return s.Store.SetAgentPresence(ctx, p.TenantID, p.UserID, online, s.Clock.Now())
}
