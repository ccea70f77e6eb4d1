package sim

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// account is the live state of a configured Account.
type account struct {
	Account
	services map[string]*service
}

// sender is a number an account can send from.
type sender struct {
	PhoneNumber
	acct      *account
	services  []*service
	sid       string    // PN…, for a phone number (not a short code)
	smsMethod string    // how SMSURL is called; "" is POST
	updated   time.Time // when the API last changed it
}

// service is a Messaging Service with its resolved senders.
type service struct {
	MessagingService
	acct    *account
	senders []*sender
	updated time.Time // when the API last changed it
}

// registry indexes accounts, senders and services; guarded by Server.mu.
type registry struct {
	accounts map[string]*account
	senders  map[string]*sender
	bySID    map[string]*sender // phone numbers by PN… SID
	order    []*sender
}

func newRegistry() *registry {
	return &registry{accounts: map[string]*account{}, senders: map[string]*sender{}, bySID: map[string]*sender{}}
}

func (g *registry) add(a Account) error {
	if !strings.HasPrefix(a.SID, "AC") || a.AuthToken == "" {
		return fmt.Errorf("sim: account %q needs an AC… SID and an auth token", a.SID)
	}
	if g.accounts[a.SID] != nil {
		return fmt.Errorf("sim: duplicate account %q", a.SID)
	}
	acct := &account{Account: a, services: map[string]*service{}}
	for _, p := range a.PhoneNumbers {
		if p.Number == "" || g.senders[p.Number] != nil {
			return fmt.Errorf("sim: phone number %q is empty or duplicate", p.Number)
		}
		sn := &sender{PhoneNumber: p, acct: acct, sid: numberSID(a.SID, p.Number)}
		g.senders[p.Number] = sn
		g.bySID[sn.sid] = sn
		g.order = append(g.order, sn)
	}
	for _, ms := range a.MessagingServices {
		svc := &service{MessagingService: ms, acct: acct}
		for _, num := range ms.Senders {
			sn := g.senders[num]
			if sn == nil || sn.acct != acct {
				return fmt.Errorf("sim: service %s: %q is not a number of the account", ms.SID, num)
			}
			if len(sn.services) > 0 {
				return fmt.Errorf("sim: service %s: %q is already in service %s, and Twilio puts a number in one at most", ms.SID, num, sn.services[0].SID)
			}
			svc.senders = append(svc.senders, sn)
			sn.services = append(sn.services, svc)
		}
		acct.services[ms.SID] = svc
	}
	g.accounts[a.SID] = acct
	return nil
}

// authenticate checks HTTP Basic credentials (AccountSid:AuthToken or
// ApiKeySid:ApiKeySecret) against the account named in the URL.
func (g *registry) authenticate(r *http.Request, accountSID string) (*account, *APIError) {
	user, pass, ok := r.BasicAuth()
	a := g.accounts[accountSID]
	if !ok || a == nil {
		return nil, apiError(20003)
	}
	secret := a.AuthToken
	if user != a.SID {
		s, isKey := a.APIKeys[user]
		if !isKey {
			return nil, apiError(20003)
		}
		secret = s
	}
	if subtle.ConstantTimeCompare([]byte(pass), []byte(secret)) != 1 {
		return nil, apiError(20003)
	}
	return a, nil
}

// authenticateAny checks HTTP Basic credentials without an account in
// the URL, as the Messaging API's: AccountSid:AuthToken, or an API key of
// any account, which opens that account.
func (g *registry) authenticateAny(r *http.Request) (*account, *APIError) {
	user, _, ok := r.BasicAuth()
	if !ok {
		return nil, apiError(20003)
	}
	if g.accounts[user] != nil {
		return g.authenticate(r, user)
	}
	for _, a := range g.accounts {
		if _, isKey := a.APIKeys[user]; isKey {
			return g.authenticate(r, a.SID)
		}
	}
	return nil, apiError(20003)
}

// mps is a sender's throughput in segments per second.
func (sn *sender) mps() float64 {
	switch {
	case sn.MPS > 0:
		return sn.MPS
	case !strings.HasPrefix(sn.Number, "+"):
		return 100 // short code
	case isTollFree(sn.Number):
		return 3
	}
	return 1
}

func isTollFree(n string) bool {
	for _, p := range []string{"+1800", "+1833", "+1844", "+1855", "+1866", "+1877", "+1888"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// Recipient describes how a simulated handset behaves.
type Recipient struct {
	// Reject fails the create synchronously with this code (21211, 21614,
	// 21635, 21608…).
	Reject int
	// ErrorCode fails delivery asynchronously: the message goes sent →
	// undelivered (30003, 30005, 30006, 30007…) or straight to failed.
	ErrorCode int
}

// SetRecipient configures how the handset at number behaves.
func (s *Server) SetRecipient(number string, r Recipient) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recipients[number] = r
}

// AddAccount registers another account at run time.
func (s *Server) AddAccount(a Account) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reg.add(a)
}

// SetMPS changes a sender's throughput (segments per second).
func (s *Server) SetMPS(number string, mps float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sn := s.reg.senders[number]
	if sn == nil {
		return errors.New("sim: unknown sender " + number)
	}
	sn.MPS = mps
	return nil
}

// SetSMSURL changes where inbound messages to number are posted.
func (s *Server) SetSMSURL(number, url string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sn := s.reg.senders[number]
	if sn == nil {
		return errors.New("sim: unknown sender " + number)
	}
	sn.SMSURL = url
	return nil
}
