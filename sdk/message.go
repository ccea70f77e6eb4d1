package sdk

import (
	"errors"
	"fmt"
)

// MessageKind is what an [OutboundMessage] carries.
type MessageKind string

// The outbound message kinds.
const (
	KindText        MessageKind = "text"
	KindTemplate    MessageKind = "template"
	KindMedia       MessageKind = "media"
	KindInteractive MessageKind = "interactive"
	KindReaction    MessageKind = "reaction" // an emoji on the message ReplyTo
	KindRead        MessageKind = "read"     // marks the message ReplyTo as read
)

var kindCapability = map[MessageKind]Capability{
	KindText: CapText, KindTemplate: CapTemplate, KindMedia: CapMedia,
	KindInteractive: CapInteractive, KindReaction: CapReactions, KindRead: CapReadReceipts,
}

// Capability returns the channel capability a message kind needs.
func (k MessageKind) Capability() Capability { return kindCapability[k] }

// OutboundMessage is a message to send, normalized across channels. Kind
// says which of the optional parts is used.
type OutboundMessage struct {
	// To is the recipient's address on the channel: an E.164 number for
	// WhatsApp and SMS.
	To   string      `json:"to"`
	Kind MessageKind `json:"kind"`
	// Text is the body of a text message.
	Text        string       `json:"text,omitempty"`
	Template    *Template    `json:"template,omitempty"`
	Media       *Media       `json:"media,omitempty"`
	Interactive *Interactive `json:"interactive,omitempty"`
	// Emoji is the reaction; empty removes an earlier one.
	Emoji string `json:"emoji,omitempty"`
	// ReplyTo is a provider message ID: quoted by a text, media or
	// interactive message, and the target of a reaction or read receipt.
	ReplyTo string `json:"reply_to,omitempty"`
	// IdempotencyKey is stable across retries of the same send.
	IdempotencyKey string `json:"idempotency_key,omitempty"`
}

// Validate reports every missing part the message's kind requires.
func (m OutboundMessage) Validate() error {
	var errs []error
	need := func(ok bool, what string) {
		if !ok {
			errs = append(errs, fmt.Errorf("sdk: %s message needs %s", m.Kind, what))
		}
	}
	need(m.To != "", "a recipient (to)")
	switch m.Kind {
	case KindText:
		need(m.Text != "", "text")
	case KindTemplate:
		need(m.Template != nil && m.Template.Name != "" && m.Template.Language != "", "a template name and language")
	case KindMedia:
		need(m.Media != nil && (m.Media.Link != "" || m.Media.ID != "" || m.Media.BlobID != ""), "media with a link, an ID or a stored file (blob_id)")
	case KindInteractive:
		need(m.Interactive != nil && m.Interactive.Body != "", "an interactive body")
	case KindReaction, KindRead:
		need(m.ReplyTo != "", "the target message ID (reply_to)")
	default:
		errs = append(errs, fmt.Errorf("sdk: message kind %q is not a known kind", m.Kind))
	}
	return errors.Join(errs...)
}

// Template is a pre-approved template message.
type Template struct {
	Name     string `json:"name"`
	Language string `json:"language"` // "pt_BR", "en_US"
	// Variables fill the body's placeholders by position ("1", "2") or by
	// name, for the common case.
	Variables map[string]string `json:"variables,omitempty"`
	// Components give full control over header, body and button parameters.
	Components []TemplateComponent `json:"components,omitempty"`
}

// TemplateComponent sets the parameters of one part of a template.
type TemplateComponent struct {
	Type       string              `json:"type"`               // "header", "body", "button"
	SubType    string              `json:"sub_type,omitempty"` // for buttons: "quick_reply", "url"
	Index      int                 `json:"index,omitempty"`    // for buttons: position
	Parameters []TemplateParameter `json:"parameters"`
}

// TemplateParameter is one value for a template placeholder.
type TemplateParameter struct {
	Type    string `json:"type"` // "text", "image", "document", "video", "payload"
	Name    string `json:"name,omitempty"`
	Text    string `json:"text,omitempty"`
	Payload string `json:"payload,omitempty"`
	Media   *Media `json:"media,omitempty"`
}

// MediaType is the kind of media attached to a message.
type MediaType string

// The media types.
const (
	MediaImage    MediaType = "image"
	MediaAudio    MediaType = "audio"
	MediaVideo    MediaType = "video"
	MediaDocument MediaType = "document"
	MediaSticker  MediaType = "sticker"
)

// Media is an attachment, by public link or by provider media ID.
type Media struct {
	Type     MediaType `json:"type"`
	Link     string    `json:"link,omitempty"`
	ID       string    `json:"id,omitempty"`
	Caption  string    `json:"caption,omitempty"`
	Filename string    `json:"filename,omitempty"`
	MIMEType string    `json:"mime_type,omitempty"`
	SHA256   string    `json:"sha256,omitempty"`
	Voice    bool      `json:"voice,omitempty"` // a recorded voice note
	// BlobID names bytes kept with the host's Blobs, served to the dashboard
	// at /api/v1/media/{blob_id}: inbound media the plugin stored, or, on an
	// outbound message without a Link or ID, the file to send (a channel
	// that can upload it does; one that cannot fails permanently).
	BlobID string `json:"blob_id,omitempty"`
}
