package inbox

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// sendActionOf is the send action of each channel.
var sendActionOf = map[string]string{"whatsapp": "whatsapp.send", "sms": "sms.send"}

// Dispatcher sends agents' replies: it reads message.outbound (a durable
// consumer that every instance shares), calls the channel's send action on
// the conversation's connection with the message's idempotency key, and
// records the provider's message ID, or the failure.
type Dispatcher struct {
	Inbox   *Service
	Bus     *bus.Bus
	Plugins ActionInvoker // the plain invoker (not BotSends: the message is already in the thread)
	Log     *slog.Logger
	// Deliveries is how many times a send that meets a passing error
	// (the plugin down, the provider throttling) is tried before it is
	// recorded failed, with that error (default 6); RetryDelay is the
	// first wait between tries, doubled each time up to 32 times it
	// (default 1 s: about a minute in all).
	Deliveries uint64
	RetryDelay time.Duration
}

// outboundEvent is message.outbound's payload.
type outboundEvent struct {
	Message      store.Message       `json:"message"`
	Outbound     sdk.OutboundMessage `json:"outbound"`
	ConnectionID string              `json:"connection_id"`
	Channel      string              `json:"channel"`
}

// Run consumes until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) error {
	cons, err := d.Bus.JS.CreateOrUpdateConsumer(ctx, d.Bus.EventStream(), jetstream.ConsumerConfig{
		Durable: "inbox-outbound", AckPolicy: jetstream.AckExplicitPolicy,
		FilterSubject: d.Bus.EventSubject("*", bus.EventMessageOutbound),
		DeliverPolicy: jetstream.DeliverAllPolicy, MaxAckPending: 256, AckWait: 90 * time.Second,
	})
	if err != nil {
		return fmt.Errorf("inbox outbound consumer: %w", err)
	}
	deliveries, delay := cmp.Or(d.Deliveries, 6), cmp.Or(d.RetryDelay, time.Second)
	return bus.Consume(ctx, cons, func(ctx context.Context, m jetstream.Msg) {
		err := d.Send(ctx, m.Headers().Get(bus.HeaderTenant), m.Data())
		if err == nil {
			_ = m.Ack()
			return
		}
		var n uint64 = 1
		if md, _ := m.Metadata(); md != nil {
			n = md.NumDelivered
		}
		if n >= deliveries {
			d.fail(ctx, m.Headers().Get(bus.HeaderTenant), m.Data(), err)
			_ = m.Ack()
			return
		}
		_ = m.NakWithDelay(delay << min(n, 5))
	})
}

// Send sends one message.outbound; a permanent refusal is recorded as a
// failed message (and is not an error: retrying cannot help).
func (d *Dispatcher) Send(ctx context.Context, tenantID string, payload []byte) error {
	var ev outboundEvent
	if err := json.Unmarshal(payload, &ev); err != nil {
		return nil // nothing to send: drop it
	}
	if ev.Outbound.Kind == sdk.KindRead {
		return d.sendReceipt(ctx, tenantID, ev)
	}
	if ev.Message.ID == "" {
		return nil
	}
	action, ok := sendActionOf[ev.Channel]
	if !ok {
		return d.markFailed(ctx, tenantID, ev.Message, "no send action for channel "+ev.Channel)
	}
	input, err := sendInput(ev.Channel, ev.Outbound)
	if err != nil {
		return d.markFailed(ctx, tenantID, ev.Message, err.Error())
	}
	if c, err := d.Inbox.Store.GetConnection(ctx, tenantID, ev.ConnectionID); err == nil {
		input["connection"] = c.Name
	}
	out, err := d.Plugins.InvokeAction(ctx, tenantID, action, input, ev.Message.ID)
	if err != nil {
		class, _, code := sdk.ClassOf(err)
		if class != sdk.ClassPermanent && class != sdk.ClassAuth {
			return err
		}
		if err := d.markFailed(ctx, tenantID, ev.Message, failureText(err)); err != nil || code != codeWindowClosed {
			return err
		}
		return d.Inbox.closeWindow(ctx, tenantID, ev.Message.ConversationID)
	}
	id, _ := out["message_id"].(string)
	if id == "" { // sending again could send it twice: the agent sees it failed and may resend
		return d.markFailed(ctx, tenantID, ev.Message, "the channel answered the send without a message ID")
	}
	status, _ := out["status"].(string)
	if _, known := store.StatusRanks[status]; !known || status == "" || status == "queued" {
		status = string(sdk.StatusSent)
	}
	held, _ := out["held"].(bool)
	return d.Inbox.MarkSent(ctx, tenantID, ev.Message.ID, sdk.SendResult{MessageID: id, Status: sdk.DeliveryStatus(status), Held: held})
}

// sendReceipt sends a read receipt (no thread message records it). One
// the channel refuses for good is dropped: the customer's ticks are not
// worth a retry loop.
func (d *Dispatcher) sendReceipt(ctx context.Context, tenantID string, ev outboundEvent) error {
	action, ok := sendActionOf[ev.Channel]
	if !ok || ev.Outbound.ReplyTo == "" {
		return nil
	}
	input := map[string]any{"to": ev.Outbound.To, "kind": string(sdk.KindRead), "reply_to": ev.Outbound.ReplyTo}
	if c, err := d.Inbox.Store.GetConnection(ctx, tenantID, ev.ConnectionID); err == nil {
		input["connection"] = c.Name
	}
	_, err := d.Plugins.InvokeAction(ctx, tenantID, action, input, "read:"+ev.Outbound.ReplyTo)
	if class, _, _ := sdk.ClassOf(err); class == sdk.ClassPermanent || class == sdk.ClassAuth {
		if d.Log != nil {
			d.Log.Warn("read receipt refused", "tenant", tenantID, "err", err)
		}
		return nil
	}
	return err
}

// sendInput is the channel's send action input for a message. WhatsApp's
// send takes the outbound message itself; SMS's takes to, text and media
// URLs, and refuses anything else.
func sendInput(channel string, o sdk.OutboundMessage) (map[string]any, error) {
	if channel == "sms" {
		return smsInput(o)
	}
	o.IdempotencyKey = ""
	raw, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	var in map[string]any
	return in, json.Unmarshal(raw, &in)
}

// smsInput is sms.send's input: the text (a caption for media), and a
// medium (MMS) by its public link or as a stored file (an agent's
// attachment), which the channel's plugin gives a link the provider can
// fetch. A provider's media ID means nothing to SMS.
func smsInput(o sdk.OutboundMessage) (map[string]any, error) {
	in := map[string]any{"to": o.To, "text": o.Text}
	switch o.Kind {
	case sdk.KindText, "":
	case sdk.KindMedia:
		switch {
		case o.Media == nil || o.Media.Link == "" && o.Media.BlobID == "":
			return nil, errors.New("SMS sends media by a public link or as a stored file (MMS); this one is neither")
		case o.Media.Link != "":
			in["media_urls"] = []any{o.Media.Link}
		default:
			in["media_blobs"] = []any{o.Media.BlobID}
		}
		if o.Text == "" {
			in["text"] = o.Media.Caption
		}
	default:
		return nil, fmt.Errorf("SMS cannot send a %s message", o.Kind)
	}
	return in, nil
}

func (d *Dispatcher) fail(ctx context.Context, tenantID string, payload []byte, cause error) {
	var ev outboundEvent
	if json.Unmarshal(payload, &ev) == nil && ev.Message.ID != "" {
		_ = d.markFailed(ctx, tenantID, ev.Message, failureText(cause))
	}
	if d.Log != nil {
		d.Log.Warn("agent reply not sent", "tenant", tenantID, "err", cause)
	}
}

// markFailed records that a message could not be sent.
func (d *Dispatcher) markFailed(ctx context.Context, tenantID string, m store.Message, reason string) error {
	return d.Inbox.Store.Tx(ctx, func(q store.Queries) error {
		c := store.StatusChange{Status: string(sdk.StatusFailed), Rank: store.StatusRanks["failed"], At: d.Inbox.Clock.Now(), Error: reason}
		if err := q.SetMessageSent(ctx, tenantID, m.ID, "", c); err != nil {
			return crm.NotFound(err, "message")
		}
		return crm.Emit(ctx, q, tenantID, bus.EventMessageStatus, map[string]any{
			"message_id": m.ID, "conversation_id": m.ConversationID, "contact_id": m.ContactID, "status": "failed", "error": reason, "timestamp": c.At})
	})
}

// failureText is why a send failed as the thread shows it: the provider's
// code first when the error's text lacks it, as a status report's error
// reads ("131026 …"), so the dashboard words a code it knows.
func failureText(err error) string {
	_, _, code := sdk.ClassOf(err)
	if text := err.Error(); code == "" || strings.Contains(text, code) {
		return text
	}
	return code + " " + err.Error()
}
