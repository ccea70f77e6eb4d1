package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/masteria/masteria/plugins/internal/simjson"
)

// A WhatsApp user can stop a business's marketing messages: in the app
// ("Offers and announcements"), or, as the simulator plays it, by tapping
// a marketing template's "Stop promotions" quick-reply button. Meta then
// still accepts a MARKETING template to them and fails it in a status
// webhook with 131050 (as HTTP 400 with Config.RejectSynchronously);
// utility and authentication templates and free-form messages still go.
// The choice belongs to the user and the business account: it holds for
// every number of the account, until the user resumes.

// StopPromotionsTexts are the stop-promotions button's texts, by the
// language of the user's app, matched ignoring case.
var StopPromotionsTexts = []string{"Stop promotions", "Parar promoções", "Detener promociones"}

// MarketingPreference is a user's choice about the marketing messages of
// the business account of PhoneNumberID (the first number when empty).
type MarketingPreference struct {
	PhoneNumberID string `json:"phone_number_id,omitempty"`
	// From is the user's wa_id.
	From string `json:"from"`
	// Stopped: the user stopped the account's marketing messages; false
	// resumes them.
	Stopped bool `json:"stopped"`
}

// SetMarketing records a user's marketing preference, as they set it in
// WhatsApp.
func (s *Server) SetMarketing(p MarketingPreference) error {
	from := waID(p.From)
	if !validWaID(from) {
		return fmt.Errorf("sim: a marketing preference needs the user's wa_id in from, got %q", p.From)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.reg.numbers[p.PhoneNumberID]
	if p.PhoneNumberID == "" && len(s.reg.order) > 0 {
		n = s.reg.order[0]
	}
	if n == nil {
		return fmt.Errorf("sim: unknown phone number %q", p.PhoneNumberID)
	}
	s.setMarketing(n, from, p.Stopped)
	return nil
}

// MarketingStopped tells whether the user stopped the marketing messages
// of the account of phoneNumberID.
func (s *Server) MarketingStopped(phoneNumberID, user string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.reg.numbers[phoneNumberID]
	return n != nil && s.st.marketingStopped[marketingKey(n, waID(user))]
}

// setMarketing records the preference. Called with s.mu held.
func (s *Server) setMarketing(n *number, user string, stopped bool) {
	if stopped {
		s.st.marketingStopped[marketingKey(n, user)] = true
	} else {
		delete(s.st.marketingStopped, marketingKey(n, user))
	}
}

func marketingKey(n *number, user string) string { return n.acct.ID + "|" + user }

// marketingRefused tells whether m, a template, is a marketing one its
// recipient stopped. Called with s.mu held.
func (s *Server) marketingRefused(n *number, m *Message) bool {
	return m.Template != nil && strings.EqualFold(m.Template.Category, "MARKETING") && s.st.marketingStopped[marketingKey(n, m.WaID)]
}

// tapsStopPromotions tells whether an inbound message is a tap on a
// stop-promotions button: a "button" message whose text is one.
func tapsStopPromotions(in Inbound) bool {
	if in.Type != "button" {
		return false
	}
	var b struct{ Text, Payload string }
	if json.Unmarshal(in.Content, &b) != nil {
		return false
	}
	for _, t := range StopPromotionsTexts {
		if strings.EqualFold(strings.TrimSpace(b.Text), t) || strings.EqualFold(strings.TrimSpace(b.Payload), t) {
			return true
		}
	}
	return false
}

// InboundButton is a tap on a template's quick-reply button, as Meta
// sends it (type "button", with the button's payload and text), in reply
// to the template message contextID.
func InboundButton(from, contextID, payload, text string) Inbound {
	return Inbound{From: from, Type: "button", Context: mustJSON(map[string]string{"id": contextID}),
		Content: mustJSON(map[string]string{"payload": payload, "text": text})}
}

// marketingGuesses are the fields people write for MarketingPreference's.
var marketingGuesses = map[string]string{"wa_id": "from", "phone": "from", "stop": "stopped", "opted_out": "stopped"}

// controlMarketing is POST /_sim/marketing: a [MarketingPreference].
func (s *Server) controlMarketing(w http.ResponseWriter, r *http.Request) {
	var p MarketingPreference
	if err := simjson.Decode(http.MaxBytesReader(w, r.Body, 1<<20), &p, marketingGuesses); err != nil {
		http.Error(w, `body must be {"from":"<wa_id>","stopped":true|false}: `+err.Error(), http.StatusBadRequest)
		return
	}
	if err := s.SetMarketing(p); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
