package sim

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// account is the live state of a configured BusinessAccount.
type account struct {
	BusinessAccount
	numbers []*number
	// unsubscribed: the app was unsubscribed from the account's webhooks
	// (DELETE subscribed_apps), so it gets none.
	unsubscribed bool
}

// number is the live state of a configured PhoneNumber.
type number struct {
	PhoneNumber
	acct        *account
	verifyToken string // of the number's alternate callback, when set through the API
}

// registry indexes accounts, numbers and tokens. It is guarded by Server.mu.
type registry struct {
	accounts map[string]*account
	numbers  map[string]*number
	tokens   map[string]map[string]bool // token → WABA IDs it may act on
	expired  map[string]bool
	order    []*number // configuration order, for defaults
}

func newRegistry() *registry {
	return &registry{accounts: map[string]*account{}, numbers: map[string]*number{},
		tokens: map[string]map[string]bool{}, expired: map[string]bool{}}
}

func (g *registry) add(ba BusinessAccount, ids *idSource) error {
	if ba.ID == "" {
		return errors.New("sim: business account needs an ID")
	}
	if _, dup := g.accounts[ba.ID]; dup {
		return fmt.Errorf("sim: duplicate business account %q", ba.ID)
	}
	a := &account{BusinessAccount: ba}
	if a.MessagingLimit == "" {
		a.MessagingLimit = Tier250
	}
	a.Templates = append([]Template(nil), ba.Templates...)
	for i := range a.Templates {
		if a.Templates[i].ID == "" {
			a.Templates[i].ID = ids.numericID()
		}
	}
	for _, p := range ba.PhoneNumbers {
		if p.ID == "" || g.numbers[p.ID] != nil {
			return fmt.Errorf("sim: phone number ID %q is empty or duplicate", p.ID)
		}
		if p.QualityRating == "" {
			p.QualityRating = "GREEN"
		}
		n := &number{PhoneNumber: p, acct: a}
		a.numbers = append(a.numbers, n)
		g.numbers[p.ID] = n
		g.order = append(g.order, n)
	}
	g.accounts[ba.ID] = a
	for _, t := range ba.AccessTokens {
		if g.tokens[t] == nil {
			g.tokens[t] = map[string]bool{}
		}
		g.tokens[t][ba.ID] = true
	}
	return nil
}

// bearer extracts the access token from the Authorization header or the
// access_token query parameter, as Graph accepts both.
func bearer(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(tok)
		}
		if tok, ok := strings.CutPrefix(h, "OAuth "); ok {
			return strings.TrimSpace(tok)
		}
		return ""
	}
	return r.URL.Query().Get("access_token")
}

// authorize checks that the request's token may act on wabaID.
func (g *registry) authorize(r *http.Request, wabaID, method, objectID string) *GraphError {
	tok := bearer(r)
	if tok == "" {
		return &GraphError{Message: "An active access token must be used to query information about the current user.",
			Type: "OAuthException", Code: 2500, status: http.StatusBadRequest}
	}
	scope, ok := g.tokens[tok]
	if !ok {
		return &GraphError{Message: "Invalid OAuth access token - Cannot parse access token",
			Type: "OAuthException", Code: 190, status: http.StatusUnauthorized}
	}
	if g.expired[tok] {
		return &GraphError{Message: "Error validating access token: Session has expired.",
			Type: "OAuthException", Code: 190, ErrorSubcode: 463, status: http.StatusUnauthorized}
	}
	if !scope[wabaID] {
		return unsupportedRequest(method, objectID)
	}
	return nil
}

// AddBusinessAccount registers another WhatsApp Business Account at run
// time (a new tenant connection in the demo, for instance).
func (s *Server) AddBusinessAccount(ba BusinessAccount) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reg.add(ba, s.ids)
}

// ExpireToken makes every later request with token fail with code 190
// (subcode 463), as an expired system-user token does.
func (s *Server) ExpireToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reg.expired[token] = true
}

// SetThroughput changes a number's messages-per-second limit; [Unlimited]
// lifts it.
func (s *Server) SetThroughput(phoneNumberID string, mps int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.reg.numbers[phoneNumberID]
	if !ok {
		return fmt.Errorf("sim: unknown phone number %q", phoneNumberID)
	}
	n.Throughput = mps
	delete(s.st.throughput, phoneNumberID)
	return nil
}

// SetQualityRating changes a number's quality_rating (GREEN, YELLOW, RED,
// UNKNOWN) as the phone-number node reports it; no
// phone_number_quality_update webhook is sent.
func (s *Server) SetQualityRating(phoneNumberID, rating string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.reg.numbers[phoneNumberID]
	if !ok {
		return fmt.Errorf("sim: unknown phone number %q", phoneNumberID)
	}
	n.QualityRating = rating
	return nil
}

// SetMessagingLimit changes a business account's messaging-limit tier.
func (s *Server) SetMessagingLimit(wabaID string, t Tier) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.reg.accounts[wabaID]
	if !ok {
		return fmt.Errorf("sim: unknown business account %q", wabaID)
	}
	a.MessagingLimit = t
	return nil
}

// PutTemplate adds a template to an account or replaces the one with the
// same name and language (to approve, pause or disable it, say).
func (s *Server) PutTemplate(wabaID string, t Template) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.reg.accounts[wabaID]
	if !ok {
		return fmt.Errorf("sim: unknown business account %q", wabaID)
	}
	for i, old := range a.Templates {
		if old.Name == t.Name && old.Language == t.Language {
			if t.ID == "" {
				t.ID = old.ID
			}
			a.Templates[i] = t
			return nil
		}
	}
	if t.ID == "" {
		t.ID = s.ids.numericID()
	}
	a.Templates = append(a.Templates, t)
	return nil
}

// MarkUndeliverable makes sends to these users fail with 131026, as for a
// number that is not on WhatsApp.
func (s *Server) MarkUndeliverable(waIDs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range waIDs {
		s.undeliverable[waID(id)] = true
	}
}
