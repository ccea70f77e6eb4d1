package inbox

import (
	"context"
	"encoding/json"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// ReactionInput is an agent's emoji on a message of the conversation.
type ReactionInput struct {
	// Emoji is one emoji (👍, ❤️, 👍🏽, 🇧🇷); "" removes the agent's reaction.
	Emoji *string `json:"emoji"`
}

// React stores an agent's reaction to a message of the conversation as
// an outbound message of type reaction, linked to its target as a
// customer's reaction is, and emits message.outbound for the channel's
// plugin to send. Only WhatsApp has reactions. A reaction is a free-form
// message: refused outside the 24-hour window, and when the contact opted
// out, as a text reply is.
func (s *Service) React(ctx context.Context, p tenancy.Principal, convID, messageID string, in ReactionInput) (store.Message, error) {
	if err := crm.Require(p, write); err != nil {
		return store.Message{}, err
	}
	if in.Emoji == nil {
		return store.Message{}, apperr.Fields("the reaction cannot be sent", map[string]string{"emoji": `required: one emoji, or "" to remove your reaction`})
	}
	emoji := *in.Emoji
	if emoji != "" && !oneEmoji(emoji) {
		return store.Message{}, apperr.Fields("the reaction cannot be sent", map[string]string{"emoji": `must be one emoji (such as 👍), or "" to remove your reaction`})
	}
	var m store.Message
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		c, out, err := s.checkReaction(ctx, q, p.TenantID, convID, messageID, emoji)
		if err != nil {
			return err
		}
		m = s.outboundMessage(p, c, ReplyInput{Text: emoji}, out)
		m.Extra, _ = json.Marshal(map[string]any{"reaction": sdk.Reaction{MessageID: out.ReplyTo, Emoji: emoji}})
		out.IdempotencyKey = m.ID
		if _, err := q.InsertMessage(ctx, m); err != nil {
			return err
		}
		if emoji != "" { // a removal has nothing to show in the inbox list
			if _, err := q.TouchConversation(ctx, m); err != nil {
				return err
			}
		}
		return crm.Emit(ctx, q, p.TenantID, bus.EventMessageOutbound, map[string]any{
			"message": m, "outbound": out, "connection_id": c.ConnectionID, "channel": c.Channel})
	})
	return m, err
}

// checkReaction finds the conversation and the message reacted to, and
// checks the channel, consent and window; it returns the reaction to send.
func (s *Service) checkReaction(ctx context.Context, q store.Queries, tenantID, convID, messageID, emoji string) (store.Conversation, sdk.OutboundMessage, error) {
	c, err := q.GetConversation(ctx, tenantID, convID)
	if err != nil {
		return c, sdk.OutboundMessage{}, crm.NotFound(err, "conversation")
	}
	c = s.withWindow(c)
	target, err := threadMessage(ctx, q, c, messageID)
	if err != nil {
		return c, sdk.OutboundMessage{}, err
	}
	if c.Channel != "whatsapp" {
		return c, sdk.OutboundMessage{}, apperr.New(apperr.Invalid, "%s has no reactions: only a WhatsApp conversation's messages can be reacted to", channelName(c.Channel)).
			Because(apperr.ReactionsUnsupported, apperr.P{"channel": c.Channel})
	}
	wamid, err := providerID(target, "message_id", actionReact)
	if err != nil {
		return c, sdk.OutboundMessage{}, err
	}
	contact, err := q.GetContact(ctx, tenantID, c.ContactID)
	if err != nil {
		return c, sdk.OutboundMessage{}, err
	}
	out := sdk.OutboundMessage{To: address(c.Channel, contact), Kind: sdk.KindReaction, Emoji: emoji, ReplyTo: wamid}
	if err := mayReach(ctx, q, c); err != nil {
		return c, out, err
	}
	if !c.WindowOpen {
		return c, out, outsideWindow()
	}
	return c, out, out.Validate()
}
