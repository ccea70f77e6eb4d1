package sim

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"unicode/utf8"
)

// sendRequest is the body of POST /{phone-number-id}/messages: a message of
// one type, or a mark-as-read ({"status":"read","message_id":…}).
type sendRequest struct {
	MessagingProduct string `json:"messaging_product"`
	RecipientType    string `json:"recipient_type"`
	To               string `json:"to"`
	Type             string `json:"type"`
	Status           string `json:"status"`
	MessageID        string `json:"message_id"`
	Context          *struct {
		MessageID string `json:"message_id"`
	} `json:"context"`
	BizOpaqueCallbackData string             `json:"biz_opaque_callback_data"`
	Text                  *textObject        `json:"text"`
	Template              *templateObject    `json:"template"`
	Image                 *mediaObject       `json:"image"`
	Audio                 *mediaObject       `json:"audio"`
	Video                 *mediaObject       `json:"video"`
	Document              *mediaObject       `json:"document"`
	Sticker               *mediaObject       `json:"sticker"`
	Interactive           *interactiveObject `json:"interactive"`
	Reaction              *reactionObject    `json:"reaction"`
	Location              *locationObject    `json:"location"`
	Contacts              []json.RawMessage  `json:"contacts"`
}

type textObject struct {
	Body       string `json:"body"`
	PreviewURL bool   `json:"preview_url"`
}

type mediaObject struct {
	ID       string `json:"id"`
	Link     string `json:"link"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
}

type reactionObject struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

type locationObject struct {
	Latitude  *float64 `json:"latitude"`
	Longitude *float64 `json:"longitude"`
	Name      string   `json:"name"`
	Address   string   `json:"address"`
}

// messageTypes are the types POST /messages accepts, as Graph lists them.
var messageTypes = []string{"audio", "contacts", "document", "image", "interactive",
	"location", "reaction", "sticker", "template", "text", "video"}

// parseSendRequest decodes a send body; anything but one JSON object is a
// (#100) error, as Graph answers.
func parseSendRequest(body []byte) (*sendRequest, *GraphError) {
	var req sendRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&req); err != nil || dec.More() {
		return nil, codeError(100, "Request body is not valid JSON for this endpoint.")
	}
	if req.Type == "" && req.Status == "" {
		req.Type = "text" // Graph's default
	}
	return &req, nil
}

// validate checks the request as Graph does before accepting it.
func (req *sendRequest) validate() *GraphError {
	switch {
	case req.MessagingProduct == "":
		return paramError("The parameter messaging_product is required.")
	case req.MessagingProduct != "whatsapp":
		return paramError(`Param messaging_product must be one of {WHATSAPP} - got "%s".`, req.MessagingProduct)
	case req.To == "":
		return paramError("The parameter to is required.")
	case !validWaID(waID(req.To)):
		return codeError(100, "The parameter to is not a valid WhatsApp phone number.")
	}
	if v, ok := typeValidators[req.Type]; ok {
		return v(req)
	}
	return paramError(`Param type must be one of {%s} - got "%s".`,
		strings.ToUpper(strings.Join(messageTypes, ", ")), req.Type)
}

var typeValidators = map[string]func(*sendRequest) *GraphError{
	"text":        func(r *sendRequest) *GraphError { return r.validateText() },
	"image":       func(r *sendRequest) *GraphError { return validateMedia("image", r.Image, 1024) },
	"video":       func(r *sendRequest) *GraphError { return validateMedia("video", r.Video, 1024) },
	"document":    func(r *sendRequest) *GraphError { return validateMedia("document", r.Document, 1024) },
	"audio":       func(r *sendRequest) *GraphError { return validateMedia("audio", r.Audio, 0) },
	"sticker":     func(r *sendRequest) *GraphError { return validateMedia("sticker", r.Sticker, 0) },
	"interactive": func(r *sendRequest) *GraphError { return validateInteractive(r.Interactive) },
	"reaction":    func(r *sendRequest) *GraphError { return r.validateReaction() },
	"location":    func(r *sendRequest) *GraphError { return r.validateLocation() },
	"contacts":    func(r *sendRequest) *GraphError { return r.validateContacts() },
	"template":    func(r *sendRequest) *GraphError { return r.Template.validateShape() },
}

func (req *sendRequest) validateText() *GraphError {
	switch {
	case req.Text == nil || req.Text.Body == "":
		return paramError("The parameter text['body'] is required.")
	case utf8.RuneCountInString(req.Text.Body) > 4096:
		return codeError(100, "Param text['body'] must be at most 4096 characters long.")
	}
	return nil
}

func validateMedia(kind string, m *mediaObject, maxCaption int) *GraphError {
	switch {
	case m == nil:
		return paramError("The parameter %s is required.", kind)
	case (m.ID == "") == (m.Link == ""):
		return codeError(100, "Please specify exactly one of "+kind+"['id'] or "+kind+"['link'].")
	case m.Link != "" && !validLink(m.Link):
		return codeError(100, "Param "+kind+"['link'] must be a valid http or https URL.")
	case maxCaption > 0 && utf8.RuneCountInString(m.Caption) > maxCaption:
		return codeError(100, "Param "+kind+"['caption'] must be at most 1024 characters long.")
	}
	return nil
}

func (req *sendRequest) validateReaction() *GraphError {
	if req.Reaction == nil || req.Reaction.MessageID == "" {
		return paramError("The parameter reaction['message_id'] is required.")
	}
	return nil
}

func (req *sendRequest) validateLocation() *GraphError {
	if req.Location == nil || req.Location.Latitude == nil || req.Location.Longitude == nil {
		return paramError("The parameters location['latitude'] and location['longitude'] are required.")
	}
	return nil
}

func (req *sendRequest) validateContacts() *GraphError {
	if len(req.Contacts) == 0 {
		return paramError("The parameter contacts is required.")
	}
	return nil
}

// mediaOf returns the media object of a media-type request, if any.
func (req *sendRequest) mediaOf() *mediaObject {
	switch req.Type {
	case "image":
		return req.Image
	case "video":
		return req.Video
	case "document":
		return req.Document
	case "audio":
		return req.Audio
	case "sticker":
		return req.Sticker
	}
	return nil
}

// summary is the human-readable content recorded for inspection.
func (req *sendRequest) summary() string {
	switch {
	case req.Text != nil && req.Type == "text":
		return req.Text.Body
	case req.mediaOf() != nil:
		return req.mediaOf().Caption
	case req.Interactive != nil && req.Interactive.Body != nil:
		return req.Interactive.Body.Text
	case req.Reaction != nil:
		return req.Reaction.Emoji
	case req.Location != nil:
		return req.Location.Name
	}
	return ""
}

// waID normalizes a phone number the way Meta derives wa_id: digits only.
func waID(to string) string {
	var b strings.Builder
	for _, r := range to {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' || r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		default:
			return ""
		}
	}
	return b.String()
}

func validWaID(id string) bool { return len(id) >= 7 && len(id) <= 15 }

func validLink(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
