package inbox

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/crm/phone"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// Inbound is a message a channel plugin received, normalized by the SDK,
// with where it arrived.
type Inbound struct {
	ConnectionID string             `json:"connection_id"`
	Channel      string             `json:"channel"` // whatsapp, sms, …
	Message      sdk.InboundMessage `json:"message"`
	// BSUID and Username identify WhatsApp users who hide their number
	// (then Message.From may be empty or not a number).
	BSUID    string `json:"bsuid,omitempty"`
	Username string `json:"username,omitempty"`
}

// Received is what Receive stored.
type Received struct {
	Message      store.Message      `json:"message"`
	Conversation store.Conversation `json:"conversation"`
	Contact      store.Contact      `json:"contact"`
	// Duplicate is true when the provider message ID was already stored:
	// nothing changed and no event was emitted.
	Duplicate bool `json:"duplicate"`
}

// Receive stores an inbound message: it finds or creates the contact (by
// any of its addresses, the Brazilian 9th digit included) and its
// conversation on the connection, stores the message once per provider
// message ID, and emits message.received (plus contact.created and
// conversation.created when new) in the same transaction. Concurrent calls
// share transactions (see receiveGroup).
func (s *Service) Receive(ctx context.Context, tenantID string, in Inbound) (Received, error) {
	if err := checkInbound(in); err != nil {
		return Received{}, err
	}
	now := s.Clock.Now()
	a := arrival{Inbound: in, sender: sender(in, now), at: now}
	return s.receiveGrouped(ctx, tenantID, a)
}

// arrival is an inbound message with what can be worked out before the
// transaction (one runs at a time): the sender's parsed addresses
// and the time it arrived.
type arrival struct {
	Inbound
	sender store.Contact
	at     time.Time
}

func duplicate(ctx context.Context, q store.Queries, tenantID, providerID string, out *Received) error {
	m, err := q.MessageByProviderID(ctx, tenantID, providerID)
	if err != nil {
		return err
	}
	*out = Received{Message: m, Duplicate: true}
	out.Conversation, _ = q.GetConversation(ctx, tenantID, m.ConversationID)
	out.Contact, _ = q.GetContact(ctx, tenantID, m.ContactID)
	return nil
}

// flowMessage is the message as flows read it: message.text, .type,
// .channel, .from, .media_url.
type flowMessage struct {
	store.Message
	Channel      string `json:"channel"`
	From         string `json:"from"`
	MediaURL     string `json:"media_url,omitempty"`
	ConnectionID string `json:"connection_id"`
}

func mediaURL(m store.Message) string {
	if m.Media == nil {
		return ""
	}
	return m.Media.Link
}

func checkInbound(in Inbound) error {
	bad := map[string]string{}
	if in.ConnectionID == "" || in.Channel == "" {
		bad["connection_id"] = "the connection and channel are required"
	}
	if in.Message.ProviderMessageID == "" {
		bad["message.provider_message_id"] = "required: it makes delivery idempotent"
	}
	if in.Message.From == "" && in.BSUID == "" && in.Username == "" {
		bad["message.from"] = "a sender address, BSUID or username is required"
	}
	if len(bad) > 0 {
		return apperr.Fields("the inbound message cannot be stored", bad)
	}
	return nil
}

// sender is the contact as the message shows them.
func sender(in Inbound, now time.Time) store.Contact {
	c := store.Contact{Name: strings.TrimSpace(in.Message.ContactName), BSUID: in.BSUID,
		Username: strings.TrimPrefix(in.Username, "@"), CreatedAt: now, UpdatedAt: now}
	from := in.Message.From
	if in.Channel == "whatsapp" {
		if e, err := phone.FromWhatsAppID(from); err == nil {
			c.Phone, c.WhatsAppID = e, strings.TrimPrefix(from, "+")
		}
	} else if e, err := phone.Normalize(from, ""); err == nil {
		c.Phone = e
	}
	if len(c.Name) > 200 {
		c.Name = c.Name[:200]
	}
	return c
}

// inboundMessage turns the normalized message into a stored one.
func inboundMessage(tenantID string, conv store.Conversation, in Inbound, now time.Time) store.Message {
	im := in.Message
	at := sentAt(im.Timestamp, now)
	m := store.Message{ID: ids.New("msg"), TenantID: tenantID, ConversationID: conv.ID, ContactID: conv.ContactID,
		Direction: "in", Type: string(im.Type), Text: im.Text, ProviderMessageID: im.ProviderMessageID,
		ReplyTo: im.ReplyTo, Status: "received", CreatedAt: at, StatusAt: at, Error: errorText(im.Errors)}
	if im.Media != nil {
		m.Type = string(im.Media.Type)
		m.Media = &store.MediaLink{Type: string(im.Media.Type), Link: im.Media.Link, ID: im.Media.ID,
			MIMEType: im.Media.MIMEType, Filename: im.Media.Filename, Caption: im.Media.Caption, BlobID: im.Media.BlobID}
	}
	if im.Type != sdk.InboundText && im.Type != sdk.InboundMedia {
		m.Extra, _ = json.Marshal(im)
		switch {
		case m.Text == "":
			m.Text = summary(im)
		case im.Order != nil: // the customer's note, then what they ordered
			m.Text += "\n" + summary(im)
		}
	}
	return m
}

// promptWithin is how long after a whole-second provider timestamp a
// message may arrive and still be dated by its arrival: the second the
// stamp leaves open, and as long again for the webhook's way here.
const promptWithin = 2 * time.Second

// sentAt dates an inbound message: the provider's timestamp (ts), made
// precise by when it arrived (now). Meta stamps whole seconds, so a
// customer's answer stamped 10:25:13 to a question the platform sent at
// 10:25:13.33 would be listed before the question; a message that arrives
// promptly is dated by its arrival instead, which is when the agent saw it.
// A late one (a redelivery) keeps its stamp, and none is dated after it
// arrived (a provider's clock ahead of ours). The date is as the store
// keeps it, so message.received carries what a later read returns.
func sentAt(ts, now time.Time) time.Time {
	switch {
	case ts.IsZero() || ts.After(now):
		return store.AsStored(now)
	case ts.Nanosecond() == 0 && now.Sub(ts) < promptWithin:
		return store.AsStored(now)
	}
	return store.AsStored(ts)
}

// summary is a readable line for messages without text: what the agent
// needs of a shared location, contact card or order, in no one language.
func summary(im sdk.InboundMessage) string {
	switch {
	case im.Location != nil:
		l := im.Location
		if place := strings.TrimSpace(l.Name + " " + l.Address); place != "" {
			return "📍 " + place
		}
		return fmt.Sprintf("📍 %.6f, %.6f", l.Latitude, l.Longitude) // a shared current location has no name
	case im.Interactive != nil:
		return im.Interactive.Title
	case im.Reaction != nil:
		return im.Reaction.Emoji
	case len(im.Contacts) > 0:
		cards := make([]string, len(im.Contacts))
		for i, c := range im.Contacts {
			cards[i] = strings.Join(slices.DeleteFunc(append([]string{"👤", c.Name}, append(c.Phones, c.Emails...)...),
				func(s string) bool { return s == "" }), " ")
		}
		return strings.Join(cards, "\n")
	case im.Order != nil:
		items := make([]string, len(im.Order.Items))
		for i, it := range im.Order.Items {
			items[i] = fmt.Sprintf("%d × %s (%.2f %s)", it.Quantity, it.ProductID, it.ItemPrice, it.Currency)
		}
		return "🛒 " + strings.Join(items, ", ")
	}
	return ""
}
