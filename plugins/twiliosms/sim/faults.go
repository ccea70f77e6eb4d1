package sim

import (
	"net/http"
	"time"
)

// The endpoints a [Fault] can be limited to.
const (
	endpointCreate = "create" // POST Messages.json
	endpointFetch  = "fetch"  // GET Messages/{sid}.json
	endpointList   = "list"   // GET Messages.json
	endpointMedia  = "media"  // GET Messages/{sid}/Media/{MediaSid}
)

// FaultEndpoints are the names a Fault's Endpoint may take.
var FaultEndpoints = []string{endpointCreate, endpointFetch, endpointList, endpointMedia}

// Fault is one fault-injection rule. Rules are matched against each API
// request in the order they were injected; the first match applies.
type Fault struct {
	// Code is the Twilio error code to answer with (20429, 20500, 21211…),
	// or with Async the ErrorCode of the status callback (30003…). Zero
	// with Status set answers a bare HTTP error, as a failing proxy would;
	// zero with neither only adds Latency.
	Code int `json:"code,omitempty"`
	// Status overrides the HTTP status.
	Status int `json:"status,omitempty"`
	// Async accepts a send and fails it later in a status callback.
	Async bool `json:"async,omitempty"`
	// Times is how many requests the rule affects; 0 is until cleared.
	Times int `json:"times,omitempty"`
	// Rate is the probability a matching request is affected; 0 is always.
	Rate float64 `json:"rate,omitempty"`
	// Latency delays the answer (on the simulator's clock); a client with a
	// shorter timeout sees a timeout.
	Latency time.Duration `json:"-"`
	// To limits the rule to sends to this number.
	To string `json:"to,omitempty"`
	// Endpoint limits the rule to "create", "fetch", "list" or "media"
	// (an inbound message's media at its Media URL); empty matches every
	// endpoint.
	Endpoint string `json:"endpoint,omitempty"`
}

// WebhookFaults perturbs callback delivery (status callbacks and inbound
// messages), which Twilio does not promise to be ordered.
type WebhookFaults struct {
	Drop      float64 `json:"drop,omitempty"`      // probability a callback is never sent
	Duplicate float64 `json:"duplicate,omitempty"` // probability it is sent twice
	// Reorder holds each status callback back so later ones overtake it:
	// delivered arrives before sent before queued.
	Reorder bool `json:"reorder,omitempty"`
	// Delay is added before every callback.
	Delay time.Duration `json:"-"`
}

type faultRule struct {
	Fault
	left int
}

// InjectFault adds a fault rule.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultRule{Fault: f, left: f.Times})
}

// FailNext makes the next n requests fail with code.
func (s *Server) FailNext(n, code int) { s.InjectFault(Fault{Code: code, Times: n}) }

// ClearFaults removes every fault rule and webhook fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.hookFaults = WebhookFaults{}
}

// SetWebhookFaults replaces the webhook faults.
func (s *Server) SetWebhookFaults(f WebhookFaults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hookFaults = f
}

func (s *Server) webhookFaults() WebhookFaults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hookFaults
}

// takeFault returns the first rule matching the request and uses it up.
func (s *Server) takeFault(endpoint, to string) *faultRule {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if (f.Endpoint != "" && f.Endpoint != endpoint) || (f.To != "" && f.To != to) {
			continue
		}
		if f.Rate > 0 && !s.ids.chance(f.Rate) {
			continue
		}
		if f.left > 0 {
			if f.left--; f.left == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		c := *f
		return &c
	}
	return nil
}

// gate applies a matching fault: it waits out the latency, then either
// answers with the fault's error (false) or lets the request through,
// returning an async fault for the send to carry.
func (s *Server) gate(w http.ResponseWriter, r *http.Request, endpoint, to string) (*faultRule, bool) {
	f := s.takeFault(endpoint, to)
	if f == nil {
		return nil, true
	}
	if f.Latency > 0 && !s.pause(r, f.Latency) {
		return nil, false
	}
	switch {
	case f.Async && endpoint == endpointCreate:
		return f, true
	case f.Code == 0 && f.Status == 0, f.Async:
		return nil, true
	case f.Code == 0:
		http.Error(w, http.StatusText(f.Status), f.Status)
		return nil, false
	}
	e := apiError(f.Code)
	if f.Status != 0 {
		e.Status = f.Status
	}
	writeError(w, e)
	return nil, false
}

// pause waits d on the simulator's clock, or until the client gives up.
func (s *Server) pause(r *http.Request, d time.Duration) bool {
	done := make(chan struct{})
	stop := s.cfg.Clock.AfterFunc(d, func() { close(done) })
	select {
	case <-done:
		return true
	case <-r.Context().Done():
		stop()
		return false
	}
}
