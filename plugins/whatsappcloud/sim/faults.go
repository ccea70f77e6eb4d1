package sim

import (
	"fmt"
	"net/http"
	"time"
)

// The endpoints a [Fault] can be limited to.
const (
	endpointMessages  = "messages"
	endpointMedia     = "media"
	endpointTemplates = "message_templates"
	endpointNode      = "node" // GET/DELETE /{id}, phone_numbers
)

// FaultEndpoints are the names a Fault's Endpoint may take.
var FaultEndpoints = []string{endpointMessages, endpointMedia, endpointTemplates, endpointNode}

// Fault is one fault-injection rule. Rules are matched against each API
// request in the order they were injected; the first match applies.
type Fault struct {
	// Code is the Meta error code to answer with (HTTP status and title
	// from Meta's table). Zero with Status set answers a bare HTTP error,
	// as a failing proxy would; zero with neither only adds Latency.
	Code int `json:"code,omitempty"`
	// Status overrides the HTTP status.
	Status int `json:"status,omitempty"`
	// Details overrides error_data.details.
	Details string `json:"details,omitempty"`
	// Async accepts a send and fails it later in a status webhook.
	Async bool `json:"async,omitempty"`
	// Times is how many requests the rule affects; 0 is until cleared.
	Times int `json:"times,omitempty"`
	// Rate is the probability a matching request is affected; 0 is always.
	Rate float64 `json:"rate,omitempty"`
	// Latency delays the answer (on the simulator's clock); a client with a
	// shorter timeout sees a timeout.
	Latency time.Duration `json:"-"`
	// To limits the rule to sends to this user.
	To string `json:"to,omitempty"`
	// Endpoint limits the rule to "messages", "media", "message_templates"
	// or "node"; empty matches every endpoint.
	Endpoint string `json:"endpoint,omitempty"`

	// Held plays template pacing: a matching template send (only those;
	// others pass the rule by) is answered message_status
	// "held_for_quality_assessment" instead of "accepted" and stays held
	// for Hold. Then it either goes out (sent, delivered, read as usual)
	// or, with probability Paused, fails in a status webhook with 132015
	// (the template was paused). Rate is the share of template sends held.
	Held bool `json:"held,omitempty"`
	// Paused is the share of held messages that end in 132015.
	Paused float64 `json:"paused,omitempty"`
	// Hold is how long a held message waits; default [DefaultHold].
	Hold time.Duration `json:"-"`
}

// DefaultHold is how long a held template send waits when a rule gives
// no hold. Meta holds paced messages until the template's quality is
// assessed; it documents no duration.
const DefaultHold = 30 * time.Second

// Check reports a held rule's own mistakes: a paused share out of [0, 1],
// paused or hold without held, and held with an error to answer (a held
// send is accepted).
func (f *Fault) Check(path string) []error {
	var errs []error
	if f.Paused < 0 || f.Paused > 1 {
		errs = append(errs, fmt.Errorf("%s.paused: %v is not between 0 and 1", path, f.Paused))
	}
	if !f.Held && (f.Paused != 0 || f.Hold != 0) {
		errs = append(errs, fmt.Errorf("%s: paused and hold describe a held send; add \"held\": true", path))
	}
	if f.Held && (f.Code != 0 || f.Status != 0 || f.Async || f.Endpoint != "" && f.Endpoint != endpointMessages) {
		errs = append(errs, fmt.Errorf("%s: a held send is accepted: held takes no code, status, async or endpoint other than messages", path))
	}
	return errs
}

// WebhookFaults perturbs webhook delivery, which Meta only promises to be
// at-least-once and unordered.
type WebhookFaults struct {
	Drop      float64 `json:"drop,omitempty"`      // probability a webhook is never sent
	Duplicate float64 `json:"duplicate,omitempty"` // probability it is sent twice
	// Reorder holds each status back so later statuses overtake it: read
	// arrives before delivered before sent.
	Reorder bool `json:"reorder,omitempty"`
	// Delay is added before every webhook.
	Delay time.Duration `json:"-"`
	// Batch, above 1, groups up to this many updates (at most [MaxBatch])
	// into one POST, overriding Config.WebhookBatch; Linger is how long a
	// batch waits for more (default [DefaultLinger]).
	Batch  int           `json:"batch,omitempty"`
	Linger time.Duration `json:"-"`
	// ReadWithoutDelivered is the probability a message's "delivered"
	// webhook is never sent and "read" comes alone, as Meta does when the
	// user had the chat open.
	ReadWithoutDelivered float64 `json:"read_without_delivered,omitempty"`
}

// Check reports the webhook faults' own mistakes: a batch out of
// [0, MaxBatch], a linger without a batch and a probability out of [0, 1].
func (f *WebhookFaults) Check(path string) []error {
	var errs []error
	if f.Batch < 0 || f.Batch > MaxBatch {
		errs = append(errs, fmt.Errorf("%s.batch: %d is not between 0 and %d (Meta batches up to 1,000 updates)", path, f.Batch, MaxBatch))
	}
	if f.Linger != 0 && f.Batch <= 1 {
		errs = append(errs, fmt.Errorf("%s: linger is how long a batch waits; give batch (above 1) too", path))
	}
	if f.ReadWithoutDelivered < 0 || f.ReadWithoutDelivered > 1 {
		errs = append(errs, fmt.Errorf("%s.read_without_delivered: %v is not between 0 and 1", path, f.ReadWithoutDelivered))
	}
	return errs
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
// A held rule matches template sends only.
func (s *Server) takeFault(endpoint, to string, template bool) *faultRule {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if (f.Endpoint != "" && f.Endpoint != endpoint) || (f.To != "" && waID(f.To) != to) ||
			f.Held && (endpoint != endpointMessages || !template) {
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
// returning an async or held fault for the send to carry.
func (s *Server) gate(w http.ResponseWriter, r *http.Request, endpoint, to string) (*faultRule, bool) {
	return s.gateSend(w, r, endpoint, to, false)
}

// gateSend is gate for a send, which a held rule may match when it is a
// template.
func (s *Server) gateSend(w http.ResponseWriter, r *http.Request, endpoint, to string, template bool) (*faultRule, bool) {
	f := s.takeFault(endpoint, to, template)
	if f == nil {
		return nil, true
	}
	if f.Latency > 0 && !s.pause(r, f.Latency) {
		return nil, false
	}
	switch {
	case (f.Async || f.Held) && endpoint == endpointMessages:
		return f, true
	case f.Code == 0 && f.Status == 0, f.Async:
		return nil, true
	case f.Code == 0:
		http.Error(w, http.StatusText(f.Status), f.Status)
		return nil, false
	}
	e := codeError(f.Code, f.Details)
	if f.Status != 0 {
		e.status = f.Status
	}
	s.writeError(w, e)
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
