package sim

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Inbound is a message a simulated WhatsApp user sends to a business number.
// The simulator fills in id, timestamp and from, delivers it as Meta's
// signed webhook, and opens (or refreshes) the user's 24-hour window.
type Inbound struct {
	// PhoneNumberID is the receiving business number; default the first
	// configured.
	PhoneNumberID string `json:"phone_number_id,omitempty"`
	// From is the user's wa_id (digits; "+" and spaces are dropped).
	From string `json:"from"`
	// Name is the user's profile name (contacts[].profile.name).
	Name string `json:"name,omitempty"`
	// Type is Meta's message type: text (default), image, audio, video,
	// document, sticker, location, contacts, interactive, button, reaction,
	// order, system or unsupported.
	Type string `json:"type,omitempty"`
	// Text is a text message's body, or a media message's caption.
	Text string `json:"text,omitempty"`
	// Content is the object named after Type, exactly as Meta sends it.
	Content json.RawMessage `json:"content,omitempty"`
	// Context is the optional context object (replies, button taps).
	Context json.RawMessage `json:"context,omitempty"`
	// Referral is a Click-to-WhatsApp ad referral; it opens a 72 h window.
	Referral json.RawMessage `json:"referral,omitempty"`
	// Errors are per-message errors (type unsupported).
	Errors json.RawMessage `json:"errors,omitempty"`
	// Media, for media types, is stored as downloadable media; id, sha256,
	// mime_type and url are filled into Content.
	Media     []byte `json:"media,omitempty"`
	MediaType string `json:"mime_type,omitempty"`
}

// ReceivedMessage is an inbound message as the inspection API lists it.
type ReceivedMessage struct {
	ID            string    `json:"id"`
	PhoneNumberID string    `json:"phone_number_id"`
	From          string    `json:"from"`
	Type          string    `json:"type"`
	ReceivedAt    time.Time `json:"received_at"`
	ReadAt        time.Time `json:"read_at,omitzero"` // when the business marked it read
}

type inboundRecord = ReceivedMessage

var inboundTypes = map[string]bool{"text": true, "image": true, "audio": true, "video": true,
	"document": true, "sticker": true, "location": true, "contacts": true, "interactive": true,
	"button": true, "reaction": true, "order": true, "system": true, "unsupported": true}

// unsupportedErrors is Meta's per-message error for type unsupported.
var unsupportedErrors = json.RawMessage(`[{"code":131051,"title":"Message type unknown",` +
	`"message":"Message type unknown","error_data":{"details":"Message type is currently not supported."}}]`)

// InjectInbound delivers a message from a simulated user and returns its
// wamid.
func (s *Server) InjectInbound(in Inbound) (string, error) {
	if in.Type == "" {
		in.Type = "text"
	}
	from := waID(in.From)
	if !validWaID(from) || !inboundTypes[in.Type] {
		return "", fmt.Errorf("sim: inbound needs a valid from and a known type, got %q/%q", in.From, in.Type)
	}
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	n, msg, err := s.receive(in, from, now)
	s.mu.Unlock()
	if err != nil {
		return "", err
	}
	value := changeValue{Messages: []map[string]any{msg}}
	if in.Type != "system" {
		c := contact{WaID: from}
		c.Profile.Name = in.Name
		value.Contacts = []contact{c}
	}
	id := msg["id"].(string)
	s.emit(n, webhookEvent{kind: "message", messageID: id, value: value})
	return id, nil
}

// receive records the message, opens the window and builds its webhook
// object. Called with s.mu held.
func (s *Server) receive(in Inbound, from string, now time.Time) (*number, map[string]any, error) {
	n := s.reg.numbers[in.PhoneNumberID]
	if in.PhoneNumberID == "" && len(s.reg.order) > 0 {
		n = s.reg.order[0]
	}
	if n == nil {
		return nil, nil, fmt.Errorf("sim: unknown phone number %q", in.PhoneNumberID)
	}
	content, err := s.inboundContent(n, in, now)
	if err != nil {
		return nil, nil, err
	}
	id := s.ids.wamid(from, true)
	msg := map[string]any{"from": from, "id": id, "timestamp": unixString(now), "type": in.Type, in.Type: content}
	for k, raw := range map[string]json.RawMessage{"context": in.Context, "referral": in.Referral, "errors": in.Errors} {
		if len(raw) > 0 {
			msg[k] = raw
		}
	}
	if in.Type == "unsupported" && len(in.Errors) == 0 {
		msg["errors"] = unsupportedErrors
	}
	s.st.inbound[id] = &inboundRecord{ID: id, PhoneNumberID: n.ID, From: from, Type: in.Type, ReceivedAt: now}
	if in.Type != "system" {
		s.openWindow(n.ID, from, now, len(in.Referral) > 0)
	}
	if tapsStopPromotions(in) {
		s.setMarketing(n, from, true)
	}
	return n, msg, nil
}

// inboundContent returns the object named after the type, storing media.
func (s *Server) inboundContent(n *number, in Inbound, now time.Time) (any, error) {
	if len(in.Content) > 0 && !json.Valid(in.Content) {
		return nil, errors.New("sim: inbound content is not valid JSON")
	}
	if in.Type == "text" && len(in.Content) == 0 {
		if strings.TrimSpace(in.Text) == "" {
			return nil, errors.New(`sim: an inbound text message needs its text in "text" (or a text object in "content"); WhatsApp sends no empty text`)
		}
		return map[string]string{"body": in.Text}, nil
	}
	if len(in.Media) == 0 {
		if len(in.Content) == 0 {
			return nil, fmt.Errorf("sim: inbound %s needs content", in.Type)
		}
		return in.Content, nil
	}
	obj := map[string]any{}
	if len(in.Content) > 0 {
		if err := json.Unmarshal(in.Content, &obj); err != nil {
			return nil, fmt.Errorf("sim: inbound %s content must be an object: %w", in.Type, err)
		}
	}
	m := s.storeMedia(n, in.Media, in.MediaType)
	obj["mime_type"], obj["sha256"], obj["id"] = m.mime, m.sha256b64, m.id
	obj["url"] = s.mediaURL(nil, m, now)
	if in.Text != "" {
		obj["caption"] = in.Text
	}
	return obj, nil
}

// markRead handles {"status":"read","message_id":…}. Called with s.mu held.
func (s *Server) markRead(n *number, req *sendRequest) (any, *GraphError) {
	switch {
	case req.MessagingProduct != "whatsapp":
		return nil, paramError("The parameter messaging_product is required.")
	case req.Status != "read":
		return nil, paramError(`Param status must be one of {READ} - got "%s".`, req.Status)
	case req.MessageID == "":
		return nil, paramError("The parameter message_id is required.")
	}
	rec := s.st.inbound[req.MessageID]
	if rec == nil || rec.PhoneNumberID != n.ID {
		return nil, codeError(100, "Invalid message_id: no message with this ID was received by this number.")
	}
	if rec.ReadAt.IsZero() {
		rec.ReadAt = s.cfg.Clock.Now()
	}
	return map[string]bool{"success": true}, nil
}

// autoReply lets Config.AutoReply answer a message the user has read.
func (s *Server) autoReply(m Message) {
	if s.cfg.AutoReply == nil {
		return
	}
	for _, in := range s.cfg.AutoReply(m) {
		if in.PhoneNumberID == "" {
			in.PhoneNumberID = m.PhoneNumberID
		}
		if in.From == "" {
			in.From = m.WaID
		}
		s.sched.After(s.cfg.Progression.Reply, func() { _, _ = s.InjectInbound(in) })
	}
}

// NotifyError sends a system-level error webhook (value.errors), as Meta
// does for failures not tied to one message.
func (s *Server) NotifyError(phoneNumberID string, code int, details string) error {
	s.mu.Lock()
	n := s.reg.numbers[phoneNumberID]
	s.mu.Unlock()
	if n == nil {
		return fmt.Errorf("sim: unknown phone number %q", phoneNumberID)
	}
	s.emit(n, webhookEvent{kind: "errors", value: changeValue{Errors: []WebhookError{webhookError(code, details)}}})
	return nil
}

// Received lists the inbound messages delivered so far.
func (s *Server) Received() []ReceivedMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]ReceivedMessage, 0, len(s.st.inbound))
	for _, r := range s.st.inbound {
		out = append(out, *r)
	}
	sortReceived(out)
	return out
}
