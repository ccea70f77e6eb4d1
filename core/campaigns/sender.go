package campaigns

import (
	"context"
	"errors"
	"fmt"

	"github.com/masteria/masteria/core/engine"
)

// Outbound is one send as the channel sees it.
type Outbound struct {
	TenantID string
	Key      string // the ledger row's ID: every attempt carries it as its idempotency key
	Channel  string
	Action   string // whatsapp.send, sms.send
	Address  string
	Input    map[string]any // the action's input, "to" included
}

// Sender delivers a message to the provider and returns the provider's
// message ID once the provider accepted it. Errors carry an sdk class;
// a failure after which the provider may have accepted the message wraps
// ErrUnknownOutcome.
type Sender interface {
	Send(ctx context.Context, o Outbound) (providerMessageID string, err error)
}

// TextSender is a Sender that also says the text the recipient reads (a
// template's, its variables filled in), for the message's copy in the
// contact's thread, and whether the provider holds the message. Without
// it the copy shows the template's name and values.
type TextSender interface {
	SendText(ctx context.Context, o Outbound) (Accepted, error)
}

// Accepted is a provider's answer to a send it took.
type Accepted struct {
	MessageID string
	Text      string // what the recipient reads; empty when the channel does not say
	// Held: the provider holds the message before sending it on
	// (WhatsApp's template pacing); it is sent all the same.
	Held bool
}

// Reconciler is a Sender that can ask the provider whether an earlier
// attempt of o was accepted (by its idempotency key or client reference).
// It answers "" when the provider has no record of it.
type Reconciler interface {
	Lookup(ctx context.Context, o Outbound) (providerMessageID string, err error)
}

// PluginSender sends through the channel plugins' actions (the plugin
// manager, or the bus in a multi-process deployment). Neither WhatsApp's
// Cloud API nor Twilio's Messages API takes an idempotency key, so it is
// not a Reconciler: ambiguous attempts are settled by the provider's
// status reports (see Pacing.OnAmbiguous).
type PluginSender struct {
	Plugins engine.PluginInvoker
}

// Send invokes the action with the row's key as its idempotency key.
func (p PluginSender) Send(ctx context.Context, o Outbound) (string, error) {
	a, err := p.SendText(ctx, o)
	return a.MessageID, err
}

// SendText is Send that also returns the action's outputs `text` (what a
// template send rendered; empty when the channel does not say) and `held`.
func (p PluginSender) SendText(ctx context.Context, o Outbound) (Accepted, error) {
	out, err := p.Plugins.InvokeAction(ctx, o.TenantID, o.Action, o.Input, o.Key)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return Accepted{}, fmt.Errorf("%w: %w", ErrUnknownOutcome, err)
		}
		return Accepted{}, err
	}
	id, _ := out["message_id"].(string)
	if id == "" {
		return Accepted{}, fmt.Errorf("%w: %s answered without a message ID", ErrUnknownOutcome, o.Action)
	}
	text, _ := out["text"].(string)
	held, _ := out["held"].(bool)
	return Accepted{MessageID: id, Text: text, Held: held}, nil
}
