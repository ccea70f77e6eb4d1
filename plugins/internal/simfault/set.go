package simfault

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Set is a simulator's faults as POST /_sim/faults and `masteria sim
// --faults` give them: rules (F, the simulator's Fault), matched in order,
// and webhook faults (W, its WebhookFaults) when given.
//
// F must have the fields Rate float64, Times int, Endpoint string and
// Latency time.Duration; W Drop and Duplicate float64 and Delay
// time.Duration. Both simulators' types do, and their tests parse a set,
// so a type without them fails there.
type Set[F, W any] struct {
	Faults   []F
	Webhooks *W
}

// Parse reads a Set and reports every bad field at once: a duration is a
// Go duration string (latency, delay) or milliseconds (latency_ms,
// delay_ms); an unknown field, a rate out of [0, 1], a negative times or an
// endpoint not among endpoints is an error naming its path.
func Parse[F, W any](raw []byte, endpoints []string) (Set[F, W], error) {
	var req struct {
		Faults   []withLatency[F] `json:"faults"`
		Webhooks *withDelay[W]    `json:"webhooks"`
	}
	if err := Decode(raw, &req); err != nil {
		return Set[F, W]{}, err
	}
	var set Set[F, W]
	var errs []error
	for i, f := range req.Faults {
		path := fmt.Sprintf("faults[%d]", i)
		errs = append(errs, CheckRule(path, *field[float64](&f.v, "Rate"), *field[int](&f.v, "Times"),
			*field[string](&f.v, "Endpoint"), endpoints)...)
		errs = append(errs, f.pick(path, "latency", field[time.Duration](&f.v, "Latency")))
		set.Faults = append(set.Faults, f.v)
	}
	if h := req.Webhooks; h != nil {
		errs = append(errs, CheckWebhooks(*field[float64](&h.v, "Drop"), *field[float64](&h.v, "Duplicate")))
		errs = append(errs, h.pick("webhooks", "delay", field[time.Duration](&h.v, "Delay")))
		set.Webhooks = &h.v
	}
	if err := errors.Join(errs...); err != nil {
		return Set[F, W]{}, err
	}
	return set, nil
}

// Apply adds the set's rules with inject and, when it has webhook faults,
// replaces them with setWebhooks.
func (s Set[F, W]) Apply(inject func(F), setWebhooks func(W)) {
	for _, f := range s.Faults {
		inject(f)
	}
	if s.Webhooks != nil {
		setWebhooks(*s.Webhooks)
	}
}

// timed is one JSON object read as the simulator's type V, which keeps its
// duration out of JSON (json:"-"), plus that duration given as NAME or
// NAME_ms. V cannot be embedded in a generic struct, so the object is read
// twice: the two duration keys (matched as encoding/json matches fields,
// ignoring case) for the duration, the rest strictly into V, so a key
// neither knows is still refused by name.
type timed[V any] struct {
	v    V
	text Duration
	ms   *int64
}

// withLatency is a fault rule: its duration is latency.
type withLatency[V any] struct{ timed[V] }

// withDelay is the webhook faults: their duration is delay.
type withDelay[V any] struct{ timed[V] }

func (t *withLatency[V]) UnmarshalJSON(b []byte) error { return t.read(b, "latency") }
func (t *withDelay[V]) UnmarshalJSON(b []byte) error   { return t.read(b, "delay") }

func (t *timed[V]) read(b []byte, name string) error {
	if string(b) == "null" {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	for k, raw := range obj {
		var err error
		switch {
		case strings.EqualFold(k, name):
			err = json.Unmarshal(raw, &t.text)
		case strings.EqualFold(k, name+"_ms"):
			if err = json.Unmarshal(raw, &t.ms); err != nil {
				err = fmt.Errorf("%s: %w", k, err)
			}
		default:
			continue
		}
		if err != nil {
			return err
		}
		delete(obj, k)
	}
	rest, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	return Decode(rest, &t.v)
}

// pick sets *dst to the duration given, naming its field at path when
// it is given twice or negative.
func (t *timed[V]) pick(path, name string, dst *time.Duration) error {
	d, err := Pick(path, name, t.text, t.ms)
	*dst = d
	return err
}

// field points at *v's field name of type T; a simulator type without it
// is a programming error.
func field[T any](v any, name string) *T {
	f := reflect.ValueOf(v).Elem().FieldByName(name)
	if f.IsValid() {
		if p, ok := f.Addr().Interface().(*T); ok {
			return p
		}
	}
	panic(fmt.Sprintf("simfault: %T has no field %s of type %T", v, name, *new(T)))
}
