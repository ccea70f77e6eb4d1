package whatsappcloud

import (
	"strconv"
	"strings"
	"time"

	"github.com/masteria/masteria/sdk"
)

// normalize turns one inbound WhatsApp message into the SDK's model. It is
// pure: media is described by Meta's IDs here and downloaded later. Types
// the model does not know become InboundUnsupported.
func normalize(v *messagesValue, m *message) sdk.InboundMessage {
	in := sdk.InboundMessage{
		ProviderMessageID: m.ID, From: m.From, To: v.Metadata.DisplayPhoneNumber,
		ContactName: contactName(v, m.From), Timestamp: unixTime(m.Timestamp),
		Type: sdk.InboundUnsupported, Errors: providerErrors(m.Errors),
	}
	if m.Context != nil {
		in.ReplyTo = m.Context.ID
	}
	if r := m.Referral; r != nil {
		in.Referral = &sdk.Referral{SourceURL: r.SourceURL, SourceType: r.SourceType, SourceID: r.SourceID,
			Headline: r.Headline, Body: r.Body, MediaType: r.MediaType, MediaURL: firstOf(r.ImageURL, r.VideoURL, r.ThumbnailURL),
			ClickID: r.CtwaClid}
	}
	if md, typ := m.media(); md != nil {
		in.Type, in.Text = sdk.InboundMedia, md.Caption
		in.Media = &sdk.Media{Type: typ, ID: md.ID, Caption: md.Caption, Filename: md.Filename,
			MIMEType: md.MIMEType, SHA256: md.SHA256, Voice: md.Voice, Link: md.URL}
		return in
	}
	normalizeContent(&in, m)
	return in
}

// normalizeContent fills the non-media types.
func normalizeContent(in *sdk.InboundMessage, m *message) {
	switch {
	case m.Type == "text" && m.Text != nil:
		in.Type, in.Text = sdk.InboundText, m.Text.Body
	case m.Type == "location" && m.Location != nil:
		l := m.Location
		in.Type = sdk.InboundLocation
		in.Location = &sdk.Location{Latitude: l.Latitude, Longitude: l.Longitude, Name: l.Name, Address: l.Address, URL: l.URL}
	case m.Type == "contacts":
		in.Type, in.Contacts = sdk.InboundContacts, sharedContacts(m.Contacts)
	case m.Type == "interactive" && m.Interactive != nil:
		pick := m.Interactive.ButtonReply
		if pick == nil {
			pick = m.Interactive.ListReply
		}
		if pick != nil {
			in.Type, in.Text = sdk.InboundInteractive, pick.Title
			in.Interactive = &sdk.InteractiveReply{Type: m.Interactive.Type, ID: pick.ID, Title: pick.Title, Description: pick.Description}
		}
	case m.Type == "button" && m.Button != nil:
		in.Type, in.Text = sdk.InboundInteractive, m.Button.Text
		in.Interactive = &sdk.InteractiveReply{Type: "quick_reply", ID: m.Button.Payload, Title: m.Button.Text}
	case m.Type == "reaction" && m.Reaction != nil:
		in.Type = sdk.InboundReaction
		in.Reaction = &sdk.Reaction{MessageID: m.Reaction.MessageID, Emoji: m.Reaction.Emoji}
	case m.Type == "order" && m.Order != nil:
		in.Type, in.Text, in.Order = sdk.InboundOrder, m.Order.Text, order(m.Order)
	case m.Type == "system" && m.System != nil:
		in.Type, in.Text = sdk.InboundSystem, m.System.Body
		in.System = &sdk.SystemNotice{Type: m.System.Type, Body: m.System.Body, NewFrom: m.System.WaID}
	}
}

// media returns the message's media object and its type, if it has one.
func (m *message) media() (*mediaObject, sdk.MediaType) {
	for _, c := range []struct {
		typ string
		obj *mediaObject
	}{{"image", m.Image}, {"audio", m.Audio}, {"video", m.Video}, {"document", m.Document}, {"sticker", m.Sticker}} {
		if m.Type == c.typ && c.obj != nil {
			return c.obj, sdk.MediaType(c.typ)
		}
	}
	return nil, ""
}

func contactName(v *messagesValue, from string) string {
	for _, c := range v.Contacts {
		if c.WaID == from {
			return c.Profile.Name
		}
	}
	return ""
}

func sharedContacts(cards []contactCard) []sdk.SharedContact {
	out := make([]sdk.SharedContact, 0, len(cards))
	for _, c := range cards {
		name := c.Name.FormattedName
		if name == "" {
			name = strings.TrimSpace(c.Name.FirstName + " " + c.Name.LastName)
		}
		sc := sdk.SharedContact{Name: name}
		for _, p := range c.Phones {
			sc.Phones = append(sc.Phones, p.Phone)
		}
		for _, e := range c.Emails {
			sc.Emails = append(sc.Emails, e.Email)
		}
		out = append(out, sc)
	}
	return out
}

func order(o *orderObject) *sdk.Order {
	out := &sdk.Order{CatalogID: o.CatalogID, Text: o.Text, Items: []sdk.OrderItem{}}
	for _, it := range o.ProductItems {
		out.Items = append(out.Items, sdk.OrderItem{ProductID: it.ProductRetailerID, Quantity: it.Quantity,
			ItemPrice: it.ItemPrice, Currency: it.Currency})
	}
	return out
}

func providerErrors(errs []errorObject) []sdk.ProviderError {
	if len(errs) == 0 {
		return nil
	}
	out := make([]sdk.ProviderError, len(errs))
	for i, e := range errs {
		out[i] = sdk.ProviderError{Code: strconv.Itoa(e.Code), Title: e.Title, Message: e.Message, Details: e.ErrorData.Details}
	}
	return out
}

// lastUnix is the last second of year 9999: a later time.Time does not
// marshal to JSON, and the host could not carry its event.
const lastUnix = 253402300799

// unixTime reads Meta's timestamps: unix seconds as a string. One that is
// unreadable, before 1970 or after year 9999 is the zero time, as if
// missing (the message is then timed by its arrival).
func unixTime(s string) time.Time {
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil || sec < 0 || sec > lastUnix {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
