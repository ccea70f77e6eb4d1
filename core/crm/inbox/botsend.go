package inbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/consent"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// ActionInvoker calls a plugin action (the flow engine's PluginInvoker).
type ActionInvoker interface {
	InvokeAction(ctx context.Context, tenantID, actionID string, input map[string]any, idempotencyKey string) (map[string]any, error)
}

// botSendActions are the channel send actions whose messages belong in
// the contact's thread, by channel.
var botSendActions = map[string]string{"whatsapp.send": "whatsapp", "sms.send": "sms"}

// BotSends wraps the flow engine's plugin calls: what a flow sends with a
// channel's send action is recorded in the contact's latest conversation
// on that channel (direction out, no author: the bot), so the inbox shows
// both sides and later delivery reports find the message. Recording never
// fails the step: the message already went out. A send to a contact who
// opted out of the channel does not go out: the step fails for good, as
// an agent's reply and a campaign's send are refused; nor does a marketing
// template to a contact who opted out of the channel's marketing messages
// (Templates tells the category; nil does not check).
type BotSends struct {
	Next      ActionInvoker
	Inbox     *Service
	Log       *slog.Logger
	Templates consent.Categories
}

// InvokeAction calls Next, unless the send's contact opted out, and
// records a successful send.
func (b BotSends) InvokeAction(ctx context.Context, tenantID, actionID string, input map[string]any, key string) (map[string]any, error) {
	ch, isSend := botSendActions[actionID]
	if isSend {
		if err := b.Inbox.botMayReach(ctx, tenantID, ch, input, b.Templates); err != nil {
			return nil, err
		}
	}
	out, err := b.Next.InvokeAction(ctx, tenantID, actionID, input, key)
	if err != nil || !isSend {
		return out, err
	}
	if rerr := b.Inbox.RecordBotSend(ctx, tenantID, ch, input, out); rerr != nil && b.Log != nil {
		b.Log.Warn("bot message not recorded in the inbox", "tenant", tenantID, "action", actionID, "err", rerr)
	}
	return out, nil
}

// RecordBotSend stores a flow's sent message in the conversation of the
// contact it went to; nothing when the contact has no conversation on the
// channel, or the send was a reaction or a read receipt.
func (s *Service) RecordBotSend(ctx context.Context, tenantID, channel string, input, output map[string]any) error {
	kind, _ := input["kind"].(string)
	if kind == "" {
		kind = "text"
	}
	to, _ := input["to"].(string)
	providerID, _ := output["message_id"].(string)
	if kind == "reaction" || kind == "read" || to == "" || providerID == "" {
		return nil
	}
	return s.Store.Tx(ctx, func(q store.Queries) error {
		conv, ok, err := botConversation(ctx, q, tenantID, channel, to)
		if err != nil || !ok {
			return err
		}
		now := s.Clock.Now()
		m := store.Message{ID: ids.New("msg"), TenantID: tenantID, ConversationID: conv.ID, ContactID: conv.ContactID,
			Direction: "out", Type: kind, Text: sentText(kind, input, output), ProviderMessageID: providerID, Status: "sent",
			CreatedAt: now, StatusAt: now}
		if inserted, err := q.InsertMessage(ctx, m); err != nil || !inserted {
			return err // a retried step: already recorded
		}
		if _, err := q.TouchConversation(ctx, m); err != nil {
			return err
		}
		return crm.Emit(ctx, q, tenantID, bus.EventMessageSent, map[string]any{
			"message": m, "conversation_id": conv.ID, "contact_id": conv.ContactID, "channel": channel})
	})
}

// codeOptedOut is the error code of a flow's send refused because its
// contact opted out of the channel.
const codeOptedOut = "opted_out"

// botMayReach refuses, with a permanent error, a flow's send to a contact
// whose latest consent on the channel (or on all) is an opt-out, and a
// marketing template to one who opted out of the channel's marketing
// messages (botMarketing). A number no contact has is not refused here
// (the channel's plugin keeps its own opt-outs), nor is a read receipt.
func (s *Service) botMayReach(ctx context.Context, tenantID, channel string, input map[string]any, cats consent.Categories) error {
	to, _ := input["to"].(string)
	if kind, _ := input["kind"].(string); kind == "read" || to == "" {
		return nil
	}
	c, err := s.Store.FindContact(ctx, tenantID, botIdentity(channel, to))
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if ok, err := s.Store.ContactReachable(ctx, tenantID, c.ID, channel); err != nil || !ok {
		if err != nil {
			return err
		}
		return sdk.Permanent(fmt.Errorf("%s send to %s refused: the contact opted out of %s", channel, to, channel), codeOptedOut)
	}
	return s.botMarketing(ctx, cats, tenantID, channel, c.ID, to, input)
}

// botIdentity is how a send's recipient (WhatsApp digits or an E.164
// number) is found among the contacts.
func botIdentity(channel, to string) store.Identity {
	digits := strings.TrimPrefix(strings.TrimSpace(to), "+")
	id := store.Identity{Phone: "+" + digits}
	if channel == "whatsapp" {
		id.WhatsAppID = digits
	}
	return id
}

// botConversation is the latest conversation on channel of the contact
// reached at to.
func botConversation(ctx context.Context, q store.Queries, tenantID, channel, to string) (store.Conversation, bool, error) {
	c, err := q.FindContact(ctx, tenantID, botIdentity(channel, to))
	if errors.Is(err, store.ErrNotFound) {
		return store.Conversation{}, false, nil
	}
	if err != nil {
		return store.Conversation{}, false, err
	}
	convs, _, err := q.ListConversations(ctx, tenantID, store.ConversationFilter{ContactID: c.ID, Channel: channel, Page: store.Page{Limit: 1}})
	if err != nil || len(convs) == 0 {
		return store.Conversation{}, false, err
	}
	return convs[0], true, nil
}

// sentText is what the thread shows for a sent message: the text the
// channel says the customer reads (a template's, filled in), or else
// what the input tells.
func sentText(kind string, input, output map[string]any) string {
	if text, _ := output["text"].(string); text != "" && kind == "template" {
		return text
	}
	return botText(kind, input)
}

// botText is what the thread shows for a sent message, from its input.
func botText(kind string, input map[string]any) string {
	if text, _ := input["text"].(string); text != "" {
		return text
	}
	if t, ok := input["template"].(map[string]any); ok {
		name, _ := t["name"].(string)
		return "[template] " + name
	}
	if m, ok := input["media"].(map[string]any); ok {
		caption, _ := m["caption"].(string)
		return caption
	}
	if i, ok := input["interactive"].(map[string]any); ok {
		body, _ := i["body"].(string)
		return body
	}
	return "[" + kind + "]"
}
