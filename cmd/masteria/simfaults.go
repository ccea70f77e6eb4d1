package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	twiliosim "github.com/masteria/masteria/plugins/twiliosms/sim"
	wasim "github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// simFaults is a fault file for `masteria sim --faults` (and
// MASTERIA_SIM_FAULTS under `serve --demo`): each simulator's part is what
// its POST /_sim/faults takes (wasim.FaultSet, twiliosim.FaultSet), read
// by the same code, so the file and the endpoint accept the same fields.
// A duration is a Go duration string (latency, delay, hold, linger: "40s",
// "250ms") or milliseconds (latency_ms, delay_ms, hold_ms, linger_ms).
// Example (a fifth of WhatsApp template sends held by template pacing for
// a minute, half of those then failing with 132015; webhooks batched up to
// 100 updates a POST):
//
//	{"whatsapp": {"faults": [{"code": 130429, "rate": 0.05},
//	                         {"status": 503, "rate": 0.01},
//	                         {"held": true, "rate": 0.2, "paused": 0.5, "hold": "1m"},
//	                         {"latency": "40s", "rate": 0.01, "endpoint": "messages"}],
//	              "webhooks": {"drop": 0.01, "duplicate": 0.05, "reorder": true,
//	                           "batch": 100, "linger": "500ms", "read_without_delivered": 0.3}},
//	 "twilio":   {"faults": [{"code": 30003, "async": true, "rate": 0.02},
//	                         {"latency_ms": 1500, "endpoint": "create"}]}}
type simFaults struct {
	WhatsApp wasim.FaultSet
	Twilio   twiliosim.FaultSet
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
	var parts struct {
		WhatsApp json.RawMessage `json:"whatsapp"`
		Twilio   json.RawMessage `json:"twilio"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&parts); err != nil {
		return f, fmt.Errorf("fault file %s: %w", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return f, fmt.Errorf("fault file %s: one JSON object, with nothing after it", path)
	}
	var errs []error
	if len(parts.WhatsApp) > 0 {
		f.WhatsApp, err = wasim.ParseFaults(parts.WhatsApp)
		errs = append(errs, within("whatsapp", err))
	}
	if len(parts.Twilio) > 0 {
		f.Twilio, err = twiliosim.ParseFaults(parts.Twilio)
		errs = append(errs, within("twilio", err))
	}
	if err := errors.Join(errs...); err != nil {
		return f, fmt.Errorf("fault file %s:\n%w", path, err)
	}
	return f, nil
}

// within names the simulator on every line of err.
func within(name string, err error) error {
	if err == nil {
		return nil
	}
	return errors.New("  " + name + ": " + strings.ReplaceAll(err.Error(), "\n", "\n  "+name+": "))
}

// apply installs the faults on running simulators.
func (f simFaults) apply(s *simulators) {
	s.WhatsApp.ApplyFaults(f.WhatsApp)
	s.Twilio.ApplyFaults(f.Twilio)
}
