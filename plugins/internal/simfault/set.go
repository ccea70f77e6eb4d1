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
// so a type without them fails there. Every time.Duration field of F or W
// kept out of JSON (json:"-") is read as its lowercased name or NAME_ms
// (Latency: latency or latency_ms; a WhatsApp rule's Hold: hold). A type
// with a method Check(path string) []error has its own rules checked too.
type Set[F, W any] struct {
	Faults   []F
	Webhooks *W
}

// Checker is a rule type's own validation, beyond the shared fields.
type Checker interface{ Check(path string) []error }

// Parse reads a Set and reports every bad field at once: a duration is a
// Go duration string (latency, delay) or milliseconds (latency_ms,
// delay_ms); an unknown field, a rate out of [0, 1], a negative times or an
// endpoint not among endpoints is an error naming its path.
func Parse[F, W any](raw []byte, endpoints []string) (Set[F, W], error) {
	var req struct {
		Faults   []timed[F] `json:"faults"`
		Webhooks *timed[W]  `json:"webhooks"`
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
		_ = field[time.Duration](&f.v, "Latency")
		errs = append(errs, f.pick(path)...)
		errs = append(errs, check(&f.v, path)...)
		set.Faults = append(set.Faults, f.v)
	}
	if h := req.Webhooks; h != nil {
		errs = append(errs, CheckWebhooks(*field[float64](&h.v, "Drop"), *field[float64](&h.v, "Duplicate")))
		_ = field[time.Duration](&h.v, "Delay")
		errs = append(errs, h.pick("webhooks")...)
		errs = append(errs, check(&h.v, "webhooks")...)
		set.Webhooks = &h.v
	}
	if err := errors.Join(errs...); err != nil {
		return Set[F, W]{}, err
	}
	return set, nil
}

// check runs v's own Check, if it has one.
func check(v any, path string) []error {
	if c, ok := v.(Checker); ok {
		return c.Check(path)
	}
	return nil
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

// timed is one JSON object read as the simulator's type V, which keeps
// its durations out of JSON (json:"-"), plus each duration given as NAME
// or NAME_ms. V cannot be embedded in a generic struct, so the object is
// read twice: the duration keys (matched as encoding/json matches fields,
// ignoring case) for the durations, the rest strictly into V, so a key
// neither knows is still refused by name.
type timed[V any] struct {
	v     V
	given map[string]*given
}

// given is one duration as the object spelt it.
type given struct {
	text Duration
	ms   *int64
}

func (t *timed[V]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	t.given = map[string]*given{}
	for _, d := range durations(&t.v) {
		g := &given{}
		t.given[d.name] = g
		for k, raw := range obj {
			var err error
			switch {
			case strings.EqualFold(k, d.name):
				err = json.Unmarshal(raw, &g.text)
			case strings.EqualFold(k, d.name+"_ms"):
				if err = json.Unmarshal(raw, &g.ms); err != nil {
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
	}
	rest, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	return Decode(rest, &t.v)
}

// pick sets each duration of t.v to the one given, naming its field at
// path when it is given twice or negative.
func (t *timed[V]) pick(path string) []error {
	var errs []error
	for _, d := range durations(&t.v) {
		g := t.given[d.name]
		if g == nil {
			continue
		}
		v, err := Pick(path, d.name, g.text, g.ms)
		*d.dst = v
		errs = append(errs, err)
	}
	return errs
}

// duration is one of a simulator type's durations: its JSON name and
// where it goes.
type duration struct {
	name string
	dst  *time.Duration
}

// durations are v's time.Duration fields kept out of JSON, in order
// (those of embedded structs too), each named by its lowercased Go name.
func durations(v any) []duration { return durationsOf(reflect.ValueOf(v).Elem()) }

func durationsOf(rv reflect.Value) []duration {
	var out []duration
	for i := range rv.NumField() {
		f := rv.Type().Field(i)
		switch {
		case f.Anonymous && f.Type.Kind() == reflect.Struct:
			out = append(out, durationsOf(rv.Field(i))...)
		case f.Type == reflect.TypeFor[time.Duration]() && f.Tag.Get("json") == "-":
			out = append(out, duration{strings.ToLower(f.Name), rv.Field(i).Addr().Interface().(*time.Duration)})
		}
	}
	return out
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
