package inbox

import (
	"context"
	"errors"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// HandoffInput says who takes a conversation over from the bot.
type HandoffInput struct {
	// AgentID is the agent to assign; empty picks the next online agent
	// (round robin), or leaves it unassigned when nobody is online.
	AgentID string `json:"agent_id,omitempty"`
	// Note is shown to the agent as an internal note.
	Note string `json:"note,omitempty"`
}

// Handoff gives a conversation to a human: the handler becomes "human"
// (the flow's handoff step holds while it is), an agent is assigned, and
// conversation.handoff fires. The flow engine's handoff step and the
// inbox's "take over" button both call it.
func (s *Service) Handoff(ctx context.Context, p tenancy.Principal, id string, in HandoffInput) (store.Conversation, error) {
	return s.change(ctx, p, id, bus.EventConversationHandoff, func(q store.Queries, c *store.Conversation) error {
		if err := s.toHuman(ctx, q, p, c, in.AgentID); err != nil {
			return err
		}
		if note := strings.TrimSpace(in.Note); note != "" {
			return s.note(ctx, q, p, *c, note)
		}
		return nil
	})
}

// toHuman gives c to a person: handled by a human, open, assigned (see
// handoffAssignee).
func (s *Service) toHuman(ctx context.Context, q store.Queries, p tenancy.Principal, c *store.Conversation, agentID string) error {
	c.Handler = HandlerHuman
	if c.Status == StatusResolved {
		c.Status = StatusOpen
	}
	return s.handoffAssignee(ctx, q, p, c, agentID)
}

func (s *Service) handoffAssignee(ctx context.Context, q store.Queries, p tenancy.Principal, c *store.Conversation, agentID string) error {
	if agentID == "" && p.UserID != "" && p.Can(write) && c.AssigneeID == "" {
		agentID = p.UserID // an agent taking over takes it themselves
	}
	if agentID != "" {
		if err := checkAgent(ctx, q, p.TenantID, agentID, "agent_id"); err != nil {
			return err
		}
		c.AssigneeID = agentID
		return nil
	}
	if c.AssigneeID != "" {
		return nil
	}
	next, err := q.NextAgent(ctx, p.TenantID, s.Clock.Now())
	if errors.Is(err, store.ErrNotFound) {
		return nil // stays in the unassigned queue
	}
	c.AssigneeID = next
	return err
}

// Release hands a conversation back to the bot: the flow's handoff step
// resumes on conversation.released.
func (s *Service) Release(ctx context.Context, p tenancy.Principal, id string) (store.Conversation, error) {
	return s.change(ctx, p, id, bus.EventConversationReleased, func(_ store.Queries, c *store.Conversation) error {
		if c.Handler == HandlerBot {
			return apperr.New(apperr.Conflict, "the bot already handles this conversation").Because(apperr.BotHandlesConversation, nil)
		}
		c.Handler = HandlerBot
		return nil
	})
}

// AddNote writes an internal note into a conversation: agents see it in
// the thread, the contact never does.
func (s *Service) AddNote(ctx context.Context, p tenancy.Principal, id, text string) (store.Message, error) {
	if err := crm.Require(p, write); err != nil {
		return store.Message{}, err
	}
	var m store.Message
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		c, err := q.GetConversation(ctx, p.TenantID, id)
		if err != nil {
			return crm.NotFound(err, "conversation")
		}
		m, err = s.noteMessage(ctx, q, p, c, strings.TrimSpace(text))
		return err
	})
	return m, err
}

func (s *Service) note(ctx context.Context, q store.Queries, p tenancy.Principal, c store.Conversation, text string) error {
	_, err := s.noteMessage(ctx, q, p, c, text)
	return err
}

func (s *Service) noteMessage(ctx context.Context, q store.Queries, p tenancy.Principal, c store.Conversation, text string) (store.Message, error) {
	if text == "" || len(text) > 10000 {
		return store.Message{}, apperr.Fields("the note cannot be saved", map[string]apperr.Field{"text": apperr.RequiredMax(10000)}).Because(apperr.NoteInvalid, nil)
	}
	now := s.Clock.Now()
	m := store.Message{ID: ids.New("msg"), TenantID: p.TenantID, ConversationID: c.ID, ContactID: c.ContactID,
		Direction: "note", Type: "text", Text: text, AuthorID: p.Actor(), CreatedAt: now, StatusAt: now}
	if _, err := q.InsertMessage(ctx, m); err != nil {
		return m, err
	}
	return m, crm.Emit(ctx, q, p.TenantID, bus.EventMessageNote, map[string]any{"message": m})
}
