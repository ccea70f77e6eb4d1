package sim

import (
	"errors"
	"fmt"

	"github.com/masteria/masteria/plugins/internal/simfault"
)

// FaultSet is the simulator's faults as POST /_sim/faults takes them, and
// as a `masteria sim --faults` file holds them under "twilio":
//
//	{"faults": [{"code": 20429, "times": 2}, {"code": 30003, "async": true, "rate": 0.1},
//	                     {"latency": "2s", "endpoint": "create"}],
//	 "webhooks": {"drop": 0.1, "duplicate": 0.1, "reorder": true, "delay": "500ms"}}
//
// A duration is given as a Go duration string (latency, delay) or in
// milliseconds (latency_ms, delay_ms). An unknown field is an error.
type FaultSet struct {
	Faults   []Fault
	Webhooks *WebhookFaults
}

type faultJSON struct {
	Fault
	Latency   simfault.Duration `json:"latency"`
	LatencyMS *int64            `json:"latency_ms"`
}

type webhookFaultsJSON struct {
	WebhookFaults
	Delay   simfault.Duration `json:"delay"`
	DelayMS *int64            `json:"delay_ms"`
}

// ParseFaults reads a FaultSet and reports every bad field at once.
func ParseFaults(raw []byte) (FaultSet, error) {
	var req struct {
		Faults   []faultJSON        `json:"faults"`
		Webhooks *webhookFaultsJSON `json:"webhooks"`
	}
	if err := simfault.Decode(raw, &req); err != nil {
		return FaultSet{}, err
	}
	var set FaultSet
	var errs []error
	for i, f := range req.Faults {
		path := fmt.Sprintf("faults[%d]", i)
		errs = append(errs, simfault.CheckRule(path, f.Rate, f.Times, f.Endpoint, FaultEndpoints)...)
		var err error
		if f.Fault.Latency, err = simfault.Pick(path, "latency", f.Latency, f.LatencyMS); err != nil {
			errs = append(errs, err)
		}
		set.Faults = append(set.Faults, f.Fault)
	}
	if h := req.Webhooks; h != nil {
		errs = append(errs, simfault.CheckWebhooks(h.Drop, h.Duplicate))
		var err error
		if h.WebhookFaults.Delay, err = simfault.Pick("webhooks", "delay", h.Delay, h.DelayMS); err != nil {
			errs = append(errs, err)
		}
		set.Webhooks = &h.WebhookFaults
	}
	if err := errors.Join(errs...); err != nil {
		return FaultSet{}, err
	}
	return set, nil
}

// ApplyFaults adds the set's rules after those in place and, when it has
// webhook faults, replaces them.
func (s *Server) ApplyFaults(set FaultSet) {
	for _, f := range set.Faults {
		s.InjectFault(f)
	}
	if set.Webhooks != nil {
		s.SetWebhookFaults(*set.Webhooks)
	}
}
