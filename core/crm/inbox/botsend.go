package inbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/consent"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/engine"
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
// records the send in the thread: sent, or failed with why when the step
// will not try it again (the opt-out, the channel's refusal, or a passing
// error on the step's last attempt: engine.WillRetry). An error the
// engine will retry records nothing: the next attempt may go out. key is
// the step's idempotency key, the same for each attempt of one visit of
// the step, so its failure is recorded once however often it runs.
func (b BotSends) InvokeAction(ctx context.Context, tenantID, actionID string, input map[string]any, key string) (map[string]any, error) {
	ch, isSend := botSendActions[actionID]
	if !isSend {
		return b.Next.InvokeAction(ctx, tenantID, actionID, input, key)
	}
	var out map[string]any
	err := b.Inbox.botMayReach(ctx, tenantID, ch, input, b.Templates)
	if err == nil {
		out, err = b.Next.InvokeAction(ctx, tenantID, actionID, input, key)
	}
	// The step's own deadline may have passed: the record still goes in.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	var rerr error
	switch {
	case err == nil:
		rerr = b.Inbox.RecordBotSend(rctx, tenantID, ch, input, out)
	case !engine.WillRetry(ctx, err):
		rerr = b.Inbox.RecordBotFailure(rctx, tenantID, ch, input, err, key)
	}
	if rerr != nil && b.Log != nil {
		b.Log.Warn("bot message not recorded in the inbox", "tenant", tenantID, "action", actionID, "err", rerr)
	}
	return out, err
}

// recordTimeout bounds recording a flow's send in its thread.
const recordTimeout = 10 * time.Second

// RecordBotSend stores a flow's sent message in the conversation of the
// contact it went to, marked held (store.HeldMark) when the output says
// the provider holds it; nothing when the contact has no conversation on the
// channel, or the send was a reaction or a read receipt.
func (s *Service) RecordBotSend(ctx context.Context, tenantID, channel string, input, output map[string]any) error {
	kind := botKind(input)
	providerID, _ := output["message_id"].(string)
	if providerID == "" {
		return nil
	}
	m := store.Message{Direction: "out", Type: kind, Text: sentText(kind, input, output), ProviderMessageID: providerID, Status: "sent"}
	if held, _ := output["held"].(bool); held { // the provider holds it (WhatsApp's template pacing)
		m.Extra, _ = store.WithHeldMark(nil)
		m.Held = true
	}
	return s.recordBot(ctx, tenantID, channel, input, m, func(m store.Message) (string, map[string]any) {
		return bus.EventMessageSent, map[string]any{"message": m, "conversation_id": m.ConversationID, "contact_id": m.ContactID, "channel": channel}
	})
}

// RecordBotFailure stores a flow's send that will not go out (failed for
// good, or on its step's last try) as a failed message, with why, in the
// conversation of the contact it was for, so the agents see what the bot
// could not say; nothing when RecordBotSend would record nothing. key is
// the step's idempotency key: the message's ID is derived from it, so a
// step run again (after a lost commit or a crash) records no second one;
// an empty key records a message each time. Its message.status (failed)
// has the dashboard read the thread and the list again.
func (s *Service) RecordBotFailure(ctx context.Context, tenantID, channel string, input map[string]any, cause error, key string) error {
	kind := botKind(input)
	m := store.Message{Direction: "out", Type: kind, Text: botText(kind, input), Status: "failed", Error: failureText(cause)}
	if key != "" {
		m.ID = ids.Keyed("msg", tenantID+"\x00bot-send-failed\x00"+key)
	}
	return s.recordBot(ctx, tenantID, channel, input, m, func(m store.Message) (string, map[string]any) {
		return bus.EventMessageStatus, map[string]any{"message_id": m.ID, "conversation_id": m.ConversationID,
			"contact_id": m.ContactID, "status": m.Status, "error": m.Error, "timestamp": m.StatusAt}
	})
}

// botKind is the kind of message a send's input makes.
func botKind(input map[string]any) string {
	kind, _ := input["kind"].(string)
	return cmp.Or(kind, "text")
}

// recordBot stores m, a flow's message (no author: the bot), in the latest
// conversation on channel of the contact the input sends to, touches the
// conversation and emits event's answer. A message whose ID is set (a
// failure's, keyed by its step) and already stored is not stored again,
// as one whose provider message ID is stored is not.
func (s *Service) recordBot(ctx context.Context, tenantID, channel string, input map[string]any, m store.Message, event func(store.Message) (string, map[string]any)) error {
	to, _ := input["to"].(string)
	if m.Type == "reaction" || m.Type == "read" || to == "" {
		return nil
	}
	return s.Store.Tx(ctx, func(q store.Queries) error {
		conv, ok, err := botConversation(ctx, q, tenantID, channel, to)
		if err != nil || !ok {
			return err
		}
		if m.ID == "" {
			m.ID = ids.New("msg")
		} else if _, err := q.GetMessage(ctx, tenantID, m.ID); !errors.Is(err, store.ErrNotFound) {
			return err // nil: the step ran again, and its failure is recorded
		}
		now := s.Clock.Now()
		m.TenantID, m.ConversationID, m.ContactID, m.CreatedAt, m.StatusAt = tenantID, conv.ID, conv.ContactID, now, now
		if inserted, err := q.InsertMessage(ctx, m); err != nil || !inserted {
			return err // a retried step: already recorded
		}
		if _, err := q.TouchConversation(ctx, m); err != nil {
			return err
		}
		typ, payload := event(m)
		return crm.Emit(ctx, q, tenantID, typ, payload)
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
