package sim

import "github.com/masteria/masteria/plugins/internal/simfault"

// FaultSet is the simulator's faults as POST /_sim/faults takes them, and
// as a `masteria sim --faults` file holds them under "whatsapp":
//
//	{"faults": [{"code": 130429, "times": 3}, {"status": 502, "rate": 0.1},
//	                     {"latency": "2s", "endpoint": "messages"}],
//	 "webhooks": {"drop": 0.1, "duplicate": 0.1, "reorder": true, "delay": "500ms"}}
//
// A duration is given as a Go duration string (latency, delay) or in
// milliseconds (latency_ms, delay_ms). An unknown field is an error. The
// parsing is [simfault.Parse], shared with the other simulator.
type FaultSet = simfault.Set[Fault, WebhookFaults]

// ParseFaults reads a FaultSet and reports every bad field at once.
func ParseFaults(raw []byte) (FaultSet, error) {
	return simfault.Parse[Fault, WebhookFaults](raw, FaultEndpoints)
}

// ApplyFaults adds the set's rules after those in place and, when it has
// webhook faults, replaces them.
func (s *Server) ApplyFaults(set FaultSet) { set.Apply(s.InjectFault, s.SetWebhookFaults) }
