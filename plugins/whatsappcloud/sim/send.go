package sim

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxSendBody bounds a send request body, as Graph does.
const maxSendBody = 1 << 20

// Message is an outbound message the simulator accepted, as the inspection
// API lists it.
type Message struct {
	ID            string          `json:"id"` // wamid
	PhoneNumberID string          `json:"phone_number_id"`
	To            string          `json:"to"` // as the request gave it
	WaID          string          `json:"wa_id"`
	Type          string          `json:"type"`
	Body          string          `json:"body,omitempty"` // text, caption, interactive body or emoji
	Template      *SentTemplate   `json:"template,omitempty"`
	Context       string          `json:"context,omitempty"` // wamid replied to
	Request       json.RawMessage `json:"request"`
	Status        string          `json:"status"` // accepted, held (template pacing), sent, delivered, read, failed
	Error         *WebhookError   `json:"error,omitempty"`
	AcceptedAt    time.Time       `json:"accepted_at"`
	SentAt        time.Time       `json:"sent_at,omitzero"`
	DeliveredAt   time.Time       `json:"delivered_at,omitzero"`
	ReadAt        time.Time       `json:"read_at,omitzero"`
	FailedAt      time.Time       `json:"failed_at,omitzero"`

	version   string
	bizOpaque string
	pricing   *pricing
	convID    string
	convEnds  time.Time
}

// SentTemplate is the template a message used, with its body filled in.
type SentTemplate struct {
	Name     string `json:"name"`
	Language string `json:"language"`
	Category string `json:"category"`
	Body     string `json:"body"`
}

type sendResponse struct {
	MessagingProduct string            `json:"messaging_product"`
	Contacts         []responseContact `json:"contacts"`
	Messages         []responseMessage `json:"messages"`
}

type responseContact struct {
	Input string `json:"input"`
	WaID  string `json:"wa_id"`
}

type responseMessage struct {
	ID            string `json:"id"`
	MessageStatus string `json:"message_status,omitempty"`
}

func (s *Server) handleSend(w http.ResponseWriter, r *http.Request, version, phoneID string) {
	if _, gerr := s.numberFor(r, phoneID, "post"); gerr != nil {
		s.writeError(w, gerr)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxSendBody+1))
	if err != nil || len(body) > maxSendBody {
		s.writeError(w, codeError(100, "Request body is too large or unreadable."))
		return
	}
	req, gerr := parseSendRequest(body)
	to, template := "", false
	if req != nil {
		to, template = waID(req.To), req.Type == "template" && req.Status == ""
	}
	f, pass := s.gateSend(w, r, endpointMessages, to, template)
	if !pass {
		return
	}
	if gerr != nil {
		s.writeError(w, gerr)
		return
	}
	resp, gerr := s.send(phoneID, version, req, body, f)
	if gerr != nil {
		s.writeError(w, gerr)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// numberFor resolves a phone number ID the request's token may act on.
func (s *Server) numberFor(r *http.Request, phoneID, method string) (*number, *GraphError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.reg.numbers[phoneID]
	wabaID := ""
	if ok {
		wabaID = n.acct.ID
	}
	if gerr := s.reg.authorize(r, wabaID, method, phoneID); gerr != nil {
		return nil, gerr
	}
	return n, nil
}

func (s *Server) send(phoneID, version string, req *sendRequest, raw []byte, f *faultRule) (any, *GraphError) {
	s.mu.Lock()
	n := s.reg.numbers[phoneID]
	if req.Status != "" {
		defer s.mu.Unlock()
		return s.markRead(n, req)
	}
	m, failure, gerr := s.admit(n, req, raw, version, f)
	s.mu.Unlock()
	if gerr != nil {
		return nil, gerr
	}
	held := failure == nil && f != nil && f.Held && m.Template != nil
	switch {
	case failure != nil:
		s.scheduleFailure(n, m, *failure)
	case held:
		s.scheduleHeld(n, m, f.Fault)
	default:
		s.scheduleProgression(n, m)
	}
	resp := sendResponse{MessagingProduct: "whatsapp",
		Contacts: []responseContact{{Input: m.To, WaID: m.WaID}},
		Messages: []responseMessage{{ID: m.ID}}}
	if m.Template != nil {
		resp.Messages[0].MessageStatus = map[bool]string{false: "accepted", true: statusHeld}[held]
	}
	return resp, nil
}

// admit runs Meta's checks in order and records the accepted message. A
// non-nil failure means "accepted, then failed in a status webhook".
func (s *Server) admit(n *number, req *sendRequest, raw []byte, version string, f *faultRule) (*Message, *WebhookError, *GraphError) {
	now := s.cfg.Clock.Now()
	if gerr := req.validate(); gerr != nil {
		return nil, nil, gerr
	}
	user := waID(req.To)
	if user == n.DisplayPhoneNumber {
		return nil, nil, codeError(131021, "")
	}
	m := &Message{PhoneNumberID: n.ID, To: req.To, WaID: user, Type: req.Type, Body: req.summary(),
		Request: json.RawMessage(raw), Status: "accepted", AcceptedAt: now,
		version: version, bizOpaque: req.BizOpaqueCallbackData}
	if req.Context != nil {
		m.Context = req.Context.MessageID
	}
	if req.Type == "template" {
		if gerr := s.attachTemplate(n, req, m); gerr != nil {
			return nil, nil, gerr
		}
	}
	if gerr := s.checkThroughput(n, now); gerr != nil {
		return nil, nil, gerr
	}
	if gerr := s.checkPairRate(n, user, now); gerr != nil {
		return nil, nil, gerr
	}
	failure := s.verdict(n, req, m, now, f)
	if failure != nil && s.cfg.RejectSynchronously {
		return nil, nil, codeError(failure.Code, failure.ErrorData.Details)
	}
	m.ID = s.ids.wamid(user, false)
	s.st.messages = trimLog(append(s.st.messages, m), s.cfg.MaxMessages,
		func(old *Message) { delete(s.st.byID, old.ID) })
	s.st.byID[m.ID] = m
	return m, failure, nil
}

func (s *Server) attachTemplate(n *number, req *sendRequest, m *Message) *GraphError {
	t, gerr := findTemplate(n.acct, req.Template)
	if gerr != nil {
		return gerr
	}
	body, gerr := hydrate(t, req.Template)
	if gerr != nil {
		return gerr
	}
	m.Template = &SentTemplate{Name: t.Name, Language: t.Language, Category: t.Category, Body: body}
	m.Body = body
	return nil
}

// verdict decides whether an admitted message will be delivered, and sets
// its pricing. Meta reports these failures asynchronously.
func (s *Server) verdict(n *number, req *sendRequest, m *Message, now time.Time, f *faultRule) *WebhookError {
	w, open := s.windowOf(n, m.WaID, now)
	var code int
	switch {
	case f != nil && f.Async:
		code = f.Code
	case s.undeliverable[m.WaID]:
		code = 131026
	case s.marketingRefused(n, m):
		code = 131050
	case req.mediaOf() != nil && req.mediaOf().ID != "" && s.mediaByID(req.mediaOf().ID) == nil:
		code = 131053
	case m.Template == nil && !open:
		code = 131047
	case m.Template != nil && !open && !s.admitReach(n.acct, m.WaID, now):
		code = 131048
	}
	if code != 0 {
		e := webhookError(code, "")
		return &e
	}
	m.pricing = priceOf(m, w, open)
	return nil
}

// priceOf applies per-message pricing (PMP) as the status webhooks show it.
func priceOf(m *Message, w window, open bool) *pricing {
	category := "service"
	if m.Template != nil {
		category = strings.ToLower(m.Template.Category)
	}
	typ := "regular"
	switch {
	case open && w.entryPoint:
		typ = "free_entry_point"
	case open && (category == "service" || category == "utility"):
		typ = "free_customer_service"
	}
	return &pricing{Billable: typ == "regular", PricingModel: "PMP", Type: typ, Category: category}
}
