package whatsappcloud

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/masteria/masteria/sdk"
)

// sendBody is the body of POST /{phone-number-id}/messages.
type sendBody struct {
	MessagingProduct string         `json:"messaging_product"`
	RecipientType    string         `json:"recipient_type,omitempty"`
	To               string         `json:"to,omitempty"`
	Type             string         `json:"type,omitempty"`
	Status           string         `json:"status,omitempty"`     // mark as read
	MessageID        string         `json:"message_id,omitempty"` // mark as read
	Context          *contextRef    `json:"context,omitempty"`
	Text             *textBody      `json:"text,omitempty"`
	Template         *templateBody  `json:"template,omitempty"`
	Interactive      map[string]any `json:"interactive,omitempty"`
	Reaction         *reactionBody  `json:"reaction,omitempty"`
	Image            *mediaRef      `json:"image,omitempty"`
	Audio            *mediaRef      `json:"audio,omitempty"`
	Video            *mediaRef      `json:"video,omitempty"`
	Document         *mediaRef      `json:"document,omitempty"`
	Sticker          *mediaRef      `json:"sticker,omitempty"`
}

type contextRef struct {
	MessageID string `json:"message_id"`
}

type textBody struct {
	Body       string `json:"body"`
	PreviewURL bool   `json:"preview_url,omitempty"`
}

type reactionBody struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

type mediaRef struct {
	ID       string `json:"id,omitempty"`
	Link     string `json:"link,omitempty"`
	Caption  string `json:"caption,omitempty"`
	Filename string `json:"filename,omitempty"`
}

type templateBody struct {
	Name       string          `json:"name"`
	Language   languageRef     `json:"language"`
	Components []componentBody `json:"components,omitempty"`
}

type languageRef struct {
	Code string `json:"code"`
}

type componentBody struct {
	Type       string      `json:"type"`
	SubType    string      `json:"sub_type,omitempty"`
	Index      string      `json:"index,omitempty"`
	Parameters []paramBody `json:"parameters"`
}

type paramBody struct {
	Type          string    `json:"type"`
	ParameterName string    `json:"parameter_name,omitempty"`
	Text          string    `json:"text,omitempty"`
	Payload       string    `json:"payload,omitempty"`
	Image         *mediaRef `json:"image,omitempty"`
	Video         *mediaRef `json:"video,omitempty"`
	Document      *mediaRef `json:"document,omitempty"`
}

// buildSend turns a normalized message into the Graph request body.
func buildSend(msg sdk.OutboundMessage) (sendBody, error) {
	if msg.Kind == sdk.KindRead {
		return sendBody{MessagingProduct: "whatsapp", Status: "read", MessageID: msg.ReplyTo}, nil
	}
	b := sendBody{MessagingProduct: "whatsapp", RecipientType: "individual", To: msg.To, Type: string(msg.Kind)}
	if msg.ReplyTo != "" && msg.Kind != sdk.KindReaction {
		b.Context = &contextRef{MessageID: msg.ReplyTo}
	}
	switch msg.Kind {
	case sdk.KindText:
		b.Text = &textBody{Body: msg.Text}
	case sdk.KindTemplate:
		b.Template = buildTemplate(msg.Template)
	case sdk.KindReaction:
		b.Reaction = &reactionBody{MessageID: msg.ReplyTo, Emoji: msg.Emoji}
	case sdk.KindInteractive:
		b.Interactive = buildInteractive(msg.Interactive)
	case sdk.KindMedia:
		return b, setMedia(&b, msg.Media)
	default:
		return b, fmt.Errorf("whatsapp-cloud: cannot send a %q message", msg.Kind)
	}
	return b, nil
}

func toMediaRef(m *sdk.Media) *mediaRef {
	r := &mediaRef{ID: m.ID, Link: m.Link, Caption: m.Caption}
	if r.ID != "" {
		r.Link = "" // Graph wants exactly one of id and link
	}
	if m.Type == sdk.MediaDocument {
		r.Filename = m.Filename
	}
	if m.Type == sdk.MediaAudio || m.Type == sdk.MediaSticker {
		r.Caption = "" // not captionable
	}
	return r
}

func setMedia(b *sendBody, m *sdk.Media) error {
	r := toMediaRef(m)
	b.Type = string(m.Type)
	switch m.Type {
	case sdk.MediaImage:
		b.Image = r
	case sdk.MediaAudio:
		b.Audio = r
	case sdk.MediaVideo:
		b.Video = r
	case sdk.MediaDocument:
		b.Document = r
	case sdk.MediaSticker:
		b.Sticker = r
	default:
		return fmt.Errorf("whatsapp-cloud: media type %q is not image, audio, video, document or sticker", m.Type)
	}
	return nil
}

// buildTemplate maps components one to one and, when no body component is
// given, fills the body from Variables: by position when every key is a
// number ("1", "2"), by name (parameter_name) otherwise.
func buildTemplate(t *sdk.Template) *templateBody {
	tb := &templateBody{Name: t.Name, Language: languageRef{Code: t.Language}}
	hasBody := false
	for _, c := range t.Components {
		hasBody = hasBody || c.Type == "body"
		cb := componentBody{Type: c.Type, SubType: c.SubType, Parameters: []paramBody{}}
		if c.Type == "button" {
			cb.Index = strconv.Itoa(c.Index)
		}
		for _, p := range c.Parameters {
			cb.Parameters = append(cb.Parameters, buildParam(p))
		}
		tb.Components = append(tb.Components, cb)
	}
	if !hasBody && len(t.Variables) > 0 {
		tb.Components = append(tb.Components, componentBody{Type: "body", Parameters: variableParams(t.Variables)})
	}
	return tb
}

func buildParam(p sdk.TemplateParameter) paramBody {
	pb := paramBody{Type: p.Type, ParameterName: p.Name, Text: p.Text, Payload: p.Payload}
	if p.Media != nil {
		r := toMediaRef(p.Media)
		r.Caption = ""
		switch p.Type {
		case "image":
			pb.Image = r
		case "video":
			pb.Video = r
		case "document":
			pb.Document = r
		}
	}
	return pb
}

func variableParams(vars map[string]string) []paramBody {
	keys := make([]string, 0, len(vars))
	positional := true
	for k := range vars {
		keys = append(keys, k)
		_, err := strconv.Atoi(k)
		positional = positional && err == nil
	}
	if positional {
		slices.SortFunc(keys, func(a, b string) int { x, _ := strconv.Atoi(a); y, _ := strconv.Atoi(b); return x - y })
	} else {
		slices.Sort(keys)
	}
	out := make([]paramBody, len(keys))
	for i, k := range keys {
		out[i] = paramBody{Type: "text", Text: vars[k]}
		if !positional {
			out[i].ParameterName = k
		}
	}
	return out
}

// buildInteractive renders reply buttons or a list.
func buildInteractive(in *sdk.Interactive) map[string]any {
	out := map[string]any{"type": in.Type, "body": map[string]string{"text": in.Body}}
	if in.Header != "" {
		out["header"] = map[string]string{"type": "text", "text": in.Header}
	}
	if in.Footer != "" {
		out["footer"] = map[string]string{"text": in.Footer}
	}
	if in.Type == "list" {
		sections := make([]map[string]any, len(in.Sections))
		for i, s := range in.Sections {
			sections[i] = map[string]any{"title": s.Title, "rows": s.Rows}
		}
		out["action"] = map[string]any{"button": in.ListButton, "sections": sections}
		return out
	}
	buttons := make([]map[string]any, len(in.Buttons))
	for i, b := range in.Buttons {
		buttons[i] = map[string]any{"type": "reply", "reply": map[string]string{"id": b.ID, "title": b.Title}}
	}
	out["action"] = map[string]any{"buttons": buttons}
	return out
}
