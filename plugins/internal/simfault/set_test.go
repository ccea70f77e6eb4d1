package simfault

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// rule and hooks are shaped as both simulators' Fault and WebhookFaults.
type rule struct {
	Code     int           `json:"code,omitempty"`
	Times    int           `json:"times,omitempty"`
	Rate     float64       `json:"rate,omitempty"`
	Latency  time.Duration `json:"-"`
	Endpoint string        `json:"endpoint,omitempty"`
}

type hooks struct {
	Drop      float64       `json:"drop,omitempty"`
	Duplicate float64       `json:"duplicate,omitempty"`
	Reorder   bool          `json:"reorder,omitempty"`
	Delay     time.Duration `json:"-"`
}

// TestParse: a set reads the simulator's own fields and the durations in
// either spelling (any case, as encoding/json matches fields); every bad
// field is reported at once, by path, and a key neither the simulator's
// type nor the duration knows is refused by name.
func TestParse(t *testing.T) {
	set, err := Parse[rule, hooks]([]byte(`{"faults":[{"code":429,"Latency":"2s","times":1},{"latency_ms":1500,"endpoint":"create"},null],
		"webhooks":{"duplicate":0.5,"reorder":true,"DELAY_MS":500}}`), []string{"create"})
	want := []rule{{Code: 429, Latency: 2 * time.Second, Times: 1}, {Latency: 1500 * time.Millisecond, Endpoint: "create"}, {}}
	if err != nil || len(set.Faults) != 3 || set.Faults[0] != want[0] || set.Faults[1] != want[1] || set.Faults[2] != want[2] ||
		*set.Webhooks != (hooks{Duplicate: 0.5, Reorder: true, Delay: 500 * time.Millisecond}) {
		t.Fatalf("%+v %+v %v", set, set.Webhooks, err)
	}
	if set, err := Parse[rule, hooks]([]byte(`{"faults":[{"latency":"1s","latency_ms":null}]}`), nil); err != nil || set.Faults[0].Latency != time.Second || set.Webhooks != nil {
		t.Fatalf("latency_ms null is not given: %+v %v", set, err)
	}
	for body, wants := range map[string][]string{
		`{"faults":[{"code":1,"details":"x"}]}`: {`unknown field "details"`},
		`{"faults":[{"delay":"1s"}]}`:           {`unknown field "delay"`},
		`{"webhooks":{"latency":"1s"}}`:         {`unknown field "latency"`},
		`{"faults":[{"latency":"soon"}]}`:       {`"soon" is not a duration`},
		`{"faults":[{"latency_ms":"1"}]}`:       {"latency_ms: json: cannot unmarshal string"},
		`{"faults":[{"code":"1"}]}`:             {"cannot unmarshal string"},
		`{"faults":[{"rate":2,"times":-1},{"endpoint":"x","latency":"1s","latency_ms":1}],"webhooks":{"drop":-1,"delay_ms":-5}}`: {
			"faults[0].rate: 2 is not between 0 and 1", "faults[0].times: -1 is negative", `faults[1].endpoint: "x" is not one of create`,
			"faults[1]: give latency or latency_ms, not both", "webhooks: drop and duplicate", "webhooks.delay_ms: -5 is negative"},
	} {
		_, err := Parse[rule, hooks]([]byte(body), []string{"create"})
		for _, w := range wants {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v, want %q", body, err, w)
			}
		}
	}
}

// TestApply: rules go in order, webhook faults only when given.
func TestApply(t *testing.T) {
	var got []rule
	var set []hooks
	Set[rule, hooks]{Faults: []rule{{Code: 1}, {Code: 2}}}.Apply(func(r rule) { got = append(got, r) }, func(h hooks) { set = append(set, h) })
	Set[rule, hooks]{Webhooks: &hooks{Drop: 1}}.Apply(func(r rule) { got = append(got, r) }, func(h hooks) { set = append(set, h) })
	if len(got) != 2 || got[0].Code != 1 || got[1].Code != 2 || len(set) != 1 || set[0].Drop != 1 {
		t.Fatalf("%v %v", got, set)
	}
}

// TestParseNeedsTheFields: a simulator type without the fields Parse
// reads is a programming error, said plainly.
func TestParseNeedsTheFields(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "has no field Rate of type float64") {
			t.Fatalf("recovered %v", r)
		}
	}()
	type bare struct{ Code int }
	_, _ = Parse[bare, hooks]([]byte(`{"faults":[{"Code":1}]}`), nil)
}

// held is a rule with a second duration and checks of its own.
type held struct {
	rule
	Share float64       `json:"share,omitempty"`
	Hold  time.Duration `json:"-"`
}

func (h *held) Check(path string) []error {
	if h.Share > 1 {
		return []error{errors.New(path + ".share: above 1")}
	}
	return nil
}

// TestParseReadsEveryDurationAndTheTypesOwnCheck: every duration field
// kept out of JSON is read by its name or NAME_ms, and a type's Check runs
// beside the shared checks.
func TestParseReadsEveryDurationAndTheTypesOwnCheck(t *testing.T) {
	set, err := Parse[held, hooks]([]byte(`{"faults":[{"hold":"30s","latency_ms":5},{"hold_ms":100}]}`), nil)
	if err != nil || set.Faults[0].Hold != 30*time.Second || set.Faults[0].Latency != 5*time.Millisecond || set.Faults[1].Hold != 100*time.Millisecond {
		t.Fatalf("%+v %v", set, err)
	}
	_, err = Parse[held, hooks]([]byte(`{"faults":[{"share":2,"hold":"1s","hold_ms":1}]}`), nil)
	for _, want := range []string{"faults[0].share: above 1", "faults[0]: give hold or hold_ms, not both"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v, want %q", err, want)
		}
	}
}
