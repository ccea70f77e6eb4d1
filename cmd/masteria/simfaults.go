package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	twiliosim "github.com/masteria/masteria/plugins/twiliosms/sim"
	wasim "github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// simFaults is a fault file for `masteria sim --faults` (and
// MASTERIA_SIM_FAULTS under `serve --demo`): each simulator's API faults,
// matched in order, and its webhook faults. Durations are Go durations
// ("40s", "250ms"). Example:
//
//	{"whatsapp": {"faults": [{"code": 130429, "rate": 0.05},
//	                         {"status": 503, "rate": 0.01},
//	                         {"latency": "40s", "rate": 0.01, "endpoint": "messages"}],
//	              "webhooks": {"drop": 0.01, "duplicate": 0.05, "reorder": true}},
//	 "twilio":   {"faults": [{"code": 30003, "async": true, "rate": 0.02}]}}
type simFaults struct {
	WhatsApp simFaultSet `json:"whatsapp"`
	Twilio   simFaultSet `json:"twilio"`
}

type simFaultSet struct {
	Faults   []simFault  `json:"faults"`
	Webhooks *hookFaults `json:"webhooks"`
}

// simFault is the fields both simulators' Fault rules share, with the
// latency as a duration string.
type simFault struct {
	Code     int      `json:"code"`
	Status   int      `json:"status"`
	Async    bool     `json:"async"`
	Times    int      `json:"times"`
	Rate     float64  `json:"rate"`
	Latency  duration `json:"latency"`
	To       string   `json:"to"`
	Endpoint string   `json:"endpoint"`
	Details  string   `json:"details"` // WhatsApp only
}

type hookFaults struct {
	Drop      float64  `json:"drop"`
	Duplicate float64  `json:"duplicate"`
	Reorder   bool     `json:"reorder"`
	Delay     duration `json:"delay"`
}

type duration time.Duration

func (d *duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New(`a duration is a string such as "250ms" or "40s"`)
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("%q is not a duration such as \"250ms\" or \"40s\"", s)
	}
	*d = duration(v)
	return nil
}

// readSimFaults reads and checks a fault file; an empty path is none.
func readSimFaults(path string) (simFaults, error) {
	var f simFaults
	if path == "" {
		return f, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return f, fmt.Errorf("fault file: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("fault file %s: %w", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return f, fmt.Errorf("fault file %s: one JSON object, with nothing after it", path)
	}
	if err := f.check(); err != nil {
		return f, fmt.Errorf("fault file %s: %w", path, err)
	}
	return f, nil
}

// faultEndpoints are the endpoint names each simulator's faults take.
var faultEndpoints = map[string][]string{"whatsapp": wasim.FaultEndpoints, "twilio": twiliosim.FaultEndpoints}

func (f simFaults) check() error {
	var errs []error
	for name, set := range map[string]simFaultSet{"whatsapp": f.WhatsApp, "twilio": f.Twilio} {
		for i, r := range set.Faults {
			if r.Rate < 0 || r.Rate > 1 {
				errs = append(errs, fmt.Errorf("%s.faults[%d].rate: %v is not between 0 and 1", name, i, r.Rate))
			}
			if r.Times < 0 {
				errs = append(errs, fmt.Errorf("%s.faults[%d].times: %d is negative", name, i, r.Times))
			}
			if r.Endpoint != "" && !slices.Contains(faultEndpoints[name], r.Endpoint) {
				errs = append(errs, fmt.Errorf("%s.faults[%d].endpoint: %q is not one of %s", name, i, r.Endpoint, strings.Join(faultEndpoints[name], ", ")))
			}
		}
		if h := set.Webhooks; h != nil && (h.Drop < 0 || h.Drop > 1 || h.Duplicate < 0 || h.Duplicate > 1) {
			errs = append(errs, fmt.Errorf("%s.webhooks: drop and duplicate are probabilities between 0 and 1", name))
		}
	}
	return errors.Join(errs...)
}

// apply installs the faults on running simulators.
func (f simFaults) apply(s *simulators) {
	for _, r := range f.WhatsApp.Faults {
		s.WhatsApp.InjectFault(wasim.Fault{Code: r.Code, Status: r.Status, Details: r.Details, Async: r.Async, Times: r.Times,
			Rate: r.Rate, Latency: time.Duration(r.Latency), To: r.To, Endpoint: r.Endpoint})
	}
	if h := f.WhatsApp.Webhooks; h != nil {
		s.WhatsApp.SetWebhookFaults(wasim.WebhookFaults{Drop: h.Drop, Duplicate: h.Duplicate, Reorder: h.Reorder, Delay: time.Duration(h.Delay)})
	}
	for _, r := range f.Twilio.Faults {
		s.Twilio.InjectFault(twiliosim.Fault{Code: r.Code, Status: r.Status, Async: r.Async, Times: r.Times,
			Rate: r.Rate, Latency: time.Duration(r.Latency), To: r.To, Endpoint: r.Endpoint})
	}
	if h := f.Twilio.Webhooks; h != nil {
		s.Twilio.SetWebhookFaults(twiliosim.WebhookFaults{Drop: h.Drop, Duplicate: h.Duplicate, Reorder: h.Reorder, Delay: time.Duration(h.Delay)})
	}
}
