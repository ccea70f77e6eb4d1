// Package simfault reads the fault rules both provider simulators take,
// from POST /_sim/faults and from `masteria sim --faults` files alike: one
// decoder, so the two accept the same fields and refuse the same mistakes.
// [Parse] reads a whole set into each simulator's own rule types, so a
// simulator keeps only its rules, its endpoint names and its doc example.
package simfault

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Duration is a Go duration string in JSON ("250ms", "40s").
type Duration struct {
	D   time.Duration
	Set bool
}

// UnmarshalJSON reads a non-negative Go duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New(`a duration is a string such as "250ms" or "40s" (or give NAME_ms in milliseconds)`)
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("%q is not a duration such as \"250ms\" or \"40s\"", s)
	}
	*d = Duration{D: v, Set: true}
	return nil
}

// Pick returns a duration given either as field (a Duration) or as
// field_ms (milliseconds); giving both, or a negative count, is an error
// naming the field at path.
func Pick(path, field string, text Duration, ms *int64) (time.Duration, error) {
	switch {
	case text.Set && ms != nil:
		return 0, fmt.Errorf("%s: give %s or %s_ms, not both", path, field, field)
	case ms != nil && *ms < 0:
		return 0, fmt.Errorf("%s.%s_ms: %d is negative", path, field, *ms)
	case ms != nil:
		return time.Duration(*ms) * time.Millisecond, nil
	}
	return text.D, nil
}

// Decode reads raw, one JSON object, into v: an unknown field, or anything
// after the object, is an error.
func Decode(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("one JSON object, with nothing after it")
	}
	return nil
}

// CheckRule reports a rule's rate that is not a probability, a negative
// times and an endpoint not among endpoints, each naming its field at path.
func CheckRule(path string, rate float64, times int, endpoint string, endpoints []string) []error {
	var errs []error
	if rate < 0 || rate > 1 {
		errs = append(errs, fmt.Errorf("%s.rate: %v is not between 0 and 1", path, rate))
	}
	if times < 0 {
		errs = append(errs, fmt.Errorf("%s.times: %d is negative", path, times))
	}
	if endpoint != "" && !slices.Contains(endpoints, endpoint) {
		errs = append(errs, fmt.Errorf("%s.endpoint: %q is not one of %s", path, endpoint, strings.Join(endpoints, ", ")))
	}
	return errs
}

// CheckWebhooks reports drop or duplicate probabilities out of [0, 1].
func CheckWebhooks(drop, duplicate float64) error {
	if drop < 0 || drop > 1 || duplicate < 0 || duplicate > 1 {
		return errors.New("webhooks: drop and duplicate are probabilities between 0 and 1")
	}
	return nil
}
