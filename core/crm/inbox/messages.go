package inbox

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// Messages pages a conversation's messages, newest first, each outbound
// one with its status history.
func (s *Service) Messages(ctx context.Context, p tenancy.Principal, convID string, pg store.Page) ([]store.Message, string, error) {
	if _, err := s.Get(ctx, p, convID); err != nil {
		return nil, "", err
	}
	items, next, err := s.Store.ListMessages(ctx, p.TenantID, convID, pg)
	if err != nil {
		return nil, "", crm.BadCursor(err)
	}
	return items, next, s.withHistory(ctx, p.TenantID, items)
}

// withHistory fills the status histories of a page's outbound messages,
// in one query (none when the page has no outbound message).
func (s *Service) withHistory(ctx context.Context, tenantID string, items []store.Message) error {
	var ids []string
	for _, m := range items {
		if m.Direction == "out" {
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	hs, err := s.Store.MessageStatuses(ctx, tenantID, ids)
	for i := range items {
		items[i].StatusHistory = hs[items[i].ID]
	}
	return err
}

// Search finds messages across the tenant's conversations (or one).
func (s *Service) Search(ctx context.Context, p tenancy.Principal, query, convID string, pg store.Page) ([]store.Message, string, error) {
	if q := strings.TrimSpace(query); q == "" || len(q) > 200 {
		return nil, "", apperr.Fields("bad search", map[string]string{"q": "required, at most 200 characters"})
	}
	items, next, err := s.Store.SearchMessages(ctx, p.TenantID, query, convID, pg)
	return items, next, crm.BadCursor(err)
}

// ReplyInput is an agent's message to the contact: text, a template or
// media.
type ReplyInput struct {
	Text     string        `json:"text,omitempty"`
	Template *sdk.Template `json:"template,omitempty"`
	Media    *sdk.Media    `json:"media,omitempty"`
	// ReplyTo is the ID of the conversation's message this one answers:
	// WhatsApp shows it quoted above the reply. SMS cannot quote.
	ReplyTo string `json:"reply_to,omitempty"`
	// TemplateText is the template's text as the channel renders it with
	// these parameters (the API asks the channel's plugin): the thread
	// shows it rather than the template's name.
	TemplateText string `json:"-"`
	// TemplateCategory is the template's category in the connection's
	// catalog (MARKETING, UTILITY, AUTHENTICATION; "" unknown), asked
	// with TemplateText: a MARKETING one needs the contact's consent to
	// the channel's marketing messages too.
	TemplateCategory string `json:"-"`
}

// Reply stores an agent's outbound message as pending and emits
// message.outbound for the conversation's channel plugin to send (it
// reports back through MarkSent and ApplyStatus). Refused when the contact
// opted out of the channel, and, on WhatsApp, for anything but a template
// outside the 24-hour window. A reply that answers a message (ReplyTo) is
// stored with that message's provider ID in its reply_to, as a customer's
// quoted reply is, so the thread shows the quote on both sides.
func (s *Service) Reply(ctx context.Context, p tenancy.Principal, convID string, in ReplyInput) (store.Message, error) {
	if err := crm.Require(p, write); err != nil {
		return store.Message{}, err
	}
	var m store.Message
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		c, err := q.GetConversation(ctx, p.TenantID, convID)
		if err != nil {
			return crm.NotFound(err, "conversation")
		}
		c = s.withWindow(c)
		contact, err := q.GetContact(ctx, p.TenantID, c.ContactID)
		if err != nil {
			return err
		}
		out, err := s.checkReply(ctx, q, c, contact, in)
		if err != nil {
			return err
		}
		in.Media = out.Media
		if err := s.takeOverOnReply(ctx, q, p, c); err != nil {
			return err
		}
		m = s.outboundMessage(p, c, in, out)
		out.IdempotencyKey = m.ID
		if _, err := q.InsertMessage(ctx, m); err != nil {
			return err
		}
		if _, err := q.TouchConversation(ctx, m); err != nil {
			return err
		}
		return crm.Emit(ctx, q, p.TenantID, bus.EventMessageOutbound, map[string]any{
			"message": m, "outbound": out, "connection_id": c.ConnectionID, "channel": c.Channel})
	})
	return m, err
}

// takeOverOnReply gives a conversation the bot handles to the person
// replying, as the "take over" button would: the handler becomes human, a
// resolved conversation opens, the agent is assigned if nobody is, the
// thread says so and
// conversation.handoff fires. Otherwise the bot's flows would go on
// answering the customer's next messages beside the agent. A reply through
// an API key (an integration, not a person) leaves the handler alone.
func (s *Service) takeOverOnReply(ctx context.Context, q store.Queries, p tenancy.Principal, c store.Conversation) error {
	if c.Handler != HandlerBot || p.UserID == "" {
		return nil
	}
	was := c
	if err := s.toHuman(ctx, q, p, &c, ""); err != nil { // as Handoff: the replier takes it if nobody has it
		return err
	}
	c.UpdatedAt = s.Clock.Now()
	if err := q.UpdateConversation(ctx, c); err != nil {
		return err
	}
	if err := s.record(ctx, q, c, changes(was, c, p.Actor())...); err != nil {
		return err
	}
	return crm.Emit(ctx, q, p.TenantID, bus.EventConversationHandoff, event(s.withWindow(c), p.Actor()))
}

// checkReply builds the outbound message and checks consent, the window
// and the message itself.
func (s *Service) checkReply(ctx context.Context, q store.Queries, c store.Conversation, contact store.Contact, in ReplyInput) (sdk.OutboundMessage, error) {
	out := sdk.OutboundMessage{To: address(c.Channel, contact), Text: in.Text, Template: in.Template, Media: in.Media, Kind: sdk.KindText}
	if in.ReplyTo != "" {
		id, err := quotedID(ctx, q, c, in.ReplyTo)
		if err != nil {
			return out, err
		}
		out.ReplyTo = id
	}
	if in.Media != nil && in.Media.BlobID != "" {
		md, err := storedMedia(ctx, q, c.TenantID, *in.Media)
		if err != nil {
			return out, err
		}
		out.Media = &md
	}
	if in.Template != nil {
		for _, comp := range in.Template.Components {
			for _, p := range comp.Parameters {
				if p.Media == nil || p.Media.BlobID == "" {
					continue
				}
				if _, err := q.GetBlob(ctx, c.TenantID, p.Media.BlobID); err != nil {
					return out, crm.NotFound(err, "file")
				}
				if err := q.UseBlobs(ctx, c.TenantID, []string{p.Media.BlobID}); err != nil {
					return out, err
				}
			}
		}
	}
	switch {
	case in.Template != nil:
		out.Kind = sdk.KindTemplate
	case in.Media != nil:
		out.Kind = sdk.KindMedia
	}
	if err := mayReach(ctx, q, c); err != nil {
		return out, err
	}
	if err := marketingConsent(ctx, q, c, in); err != nil {
		return out, err
	}
	if !c.WindowOpen && out.Kind != sdk.KindTemplate {
		return out, outsideWindow()
	}
	if len(in.Text) > 4096 {
		return out, apperr.Fields("the message cannot be sent", map[string]apperr.Field{"text": apperr.TooLong(4096)}).Because(apperr.MessageInvalid, nil)
	}
	if c.Channel == "sms" && utf8.RuneCountInString(out.Text) > smsMaxChars {
		return out, apperr.Fields("the message cannot be sent", map[string]apperr.Field{"text": apperr.Keyed(fmt.Sprintf("at most %d characters on SMS", smsMaxChars), apperr.FieldTooLong, apperr.P{"max": smsMaxChars})}).
			Because(apperr.MessageInvalid, nil)
	}
	if err := out.Validate(); err != nil {
		return out, apperr.Fields("the message cannot be sent", map[string]string{"message": err.Error()})
	}
	if _, err := sendInput(c.Channel, out); err != nil {
		return out, apperr.Fields("the message cannot be sent", map[string]string{"message": err.Error()})
	}
	return out, nil
}

// mayReach refuses any message to a contact who opted out of the
// conversation's channel.
func mayReach(ctx context.Context, q store.Queries, c store.Conversation) error {
	if ok, err := q.ContactReachable(ctx, c.TenantID, c.ContactID, c.Channel); err != nil || !ok {
		if err != nil {
			return err
		}
		return apperr.New(apperr.Conflict, "the contact opted out of %s", c.Channel).
			Because(apperr.ContactOptedOut, apperr.P{"channel": c.Channel})
	}
	return nil
}

// outsideWindow refuses a free-form message (anything but a template)
// outside WhatsApp's 24-hour window, as WhatsApp would (131047).
func outsideWindow() error {
	return apperr.New(apperr.Conflict, "outside the 24-hour window: only a template can be sent").
		Because(apperr.WindowClosed, nil)
}

// smsMaxChars is the longest text an SMS carries (Twilio refuses a longer
// one with 21617 once it is queued, after the agent moved on).
const smsMaxChars = 1600

// address is where the channel reaches the contact.
func address(channel string, c store.Contact) string {
	if channel == "whatsapp" {
		if c.WhatsAppID != "" {
			return c.WhatsAppID
		}
		return strings.TrimPrefix(c.Phone, "+")
	}
	return c.Phone
}

func (s *Service) outboundMessage(p tenancy.Principal, c store.Conversation, in ReplyInput, out sdk.OutboundMessage) store.Message {
	now := s.Clock.Now()
	m := store.Message{ID: ids.New("msg"), TenantID: p.TenantID, ConversationID: c.ID, ContactID: c.ContactID,
		Direction: "out", Type: string(out.Kind), Text: in.Text, ReplyTo: out.ReplyTo, Status: "pending", AuthorID: p.Actor(),
		CreatedAt: now, StatusAt: now}
	if in.Media != nil {
		m.Type, m.Text = string(in.Media.Type), in.Media.Caption
		m.Media = &store.MediaLink{Type: string(in.Media.Type), Link: in.Media.Link, ID: in.Media.ID,
			MIMEType: in.Media.MIMEType, Filename: in.Media.Filename, Caption: in.Media.Caption, BlobID: in.Media.BlobID}
	}
	if in.Template != nil && m.Text == "" {
		m.Text = cmp.Or(in.TemplateText, "[template] "+in.Template.Name)
	}
	return m
}

// storedMedia checks that md's file is the tenant's, records that the
// message uses it, and fills in what the file tells: its MIME type and,
// when not given, the kind of media.
func storedMedia(ctx context.Context, q store.Queries, tenantID string, md sdk.Media) (sdk.Media, error) {
	b, err := q.GetBlob(ctx, tenantID, md.BlobID)
	if err != nil {
		return md, crm.NotFound(err, "file")
	}
	if err := q.UseBlobs(ctx, tenantID, []string{b.ID}); err != nil {
		return md, err
	}
	if md.MIMEType == "" {
		md.MIMEType = b.ContentType
	}
	if md.Type == "" {
		md.Type = mediaKind(md.MIMEType)
	}
	return md, nil
}

// mediaKind is how a channel sends a file of this MIME type.
func mediaKind(mimeType string) sdk.MediaType {
	switch kind, _, _ := strings.Cut(mimeType, "/"); kind {
	case "image":
		return sdk.MediaImage
	case "audio":
		return sdk.MediaAudio
	case "video":
		return sdk.MediaVideo
	}
	return sdk.MediaDocument
}
