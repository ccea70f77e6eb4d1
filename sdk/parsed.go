package sdk

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"time"
)

// ParsedConfig is validated configuration (or action input) with typed
// accessors, made by [Fields.Parse]. Accessors never panic: an absent
// optional field reads as its zero value, and asking for an undeclared field
// or the wrong type returns the zero value and records an error, so a
// constructor reads everything it needs and checks [ParsedConfig.Err] once.
// A nil *ParsedConfig reads as empty.
type ParsedConfig struct {
	specs  []FieldSpec // few: found by a scan, cheaper than building a map per parse
	values map[string]any
	// slots holds the values by declaration index, in place of values, when
	// they were parsed from slots ([Fields.ParseSlots]); nil when unset.
	slots []any
	errs  *errSink
}

type errSink struct {
	mu   sync.Mutex
	errs []error
}

func (s *errSink) add(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, err)
}

func newParsedConfig(specs []FieldSpec, values map[string]any, sink *errSink) *ParsedConfig {
	return &ParsedConfig{specs: specs, values: values, errs: sink}
}

// newRootConfig is a top-level ParsedConfig and its error sink, made in
// one allocation (an action's input is parsed on every call, and inside a
// WASM guest each allocation costs a few hundred nanoseconds).
func newRootConfig(specs []FieldSpec, values map[string]any, slots []any) *ParsedConfig {
	both := &struct {
		c    ParsedConfig
		sink errSink
	}{}
	both.c = ParsedConfig{specs: specs, values: values, slots: slots, errs: &both.sink}
	return &both.c
}

// valueMap returns the values by name.
func (c *ParsedConfig) valueMap() map[string]any {
	if c.slots == nil {
		return c.values
	}
	m := make(map[string]any, len(c.slots))
	for i, v := range c.slots {
		if v != nil {
			m[c.specs[i].Name] = v
		}
	}
	return m
}

// spec returns the declaration of field name.
func (c *ParsedConfig) spec(name string) *FieldSpec {
	if i := c.index(name); i >= 0 {
		return &c.specs[i]
	}
	return nil
}

// index returns the position of field name's declaration, or -1.
func (c *ParsedConfig) index(name string) int {
	for i := range c.specs {
		if c.specs[i].Name == name {
			return i
		}
	}
	return -1
}

// get returns the field's declaration and value when the field is declared
// with one of the given types, recording a misuse otherwise (and returning
// an empty declaration).
func (c *ParsedConfig) get(name string, types ...FieldType) (*FieldSpec, any) {
	if c == nil {
		return &noField, nil
	}
	i := c.index(name)
	switch {
	case i < 0:
		c.errs.add(fmt.Errorf("sdk: config has no field %q", name))
	case !slices.Contains(types, c.specs[i].Type):
		c.errs.add(fmt.Errorf("sdk: config field %q has type %s, not %s", name, c.specs[i].Type, types[0]))
	case c.slots != nil:
		return &c.specs[i], c.slots[i]
	default:
		return &c.specs[i], c.values[name]
	}
	return &noField, nil
}

// noField is what get returns for a field it cannot read; nothing writes it.
var noField FieldSpec

// Err reports every misuse of the accessors so far, or nil.
func (c *ParsedConfig) Err() error {
	if c == nil {
		return nil
	}
	c.errs.mu.Lock()
	defer c.errs.mu.Unlock()
	return errors.Join(c.errs.errs...)
}

// Has reports whether the field has a value, given or defaulted.
func (c *ParsedConfig) Has(name string) bool {
	_, v := c.get(name, allTypes...)
	return v != nil
}

var allTypes = []FieldType{TypeString, TypeInt, TypeFloat, TypeBool, TypeEnum,
	TypeDuration, TypeURL, TypeObject, TypeList, TypeMap}

// Value returns the field's value in its canonical Go type (string, int64,
// float64, bool, time.Duration, *url.URL, map[string]any or []any), or nil.
func (c *ParsedConfig) Value(name string) any {
	_, v := c.get(name, allTypes...)
	return v
}

// String returns a string, enum or URL field as a string.
func (c *ParsedConfig) String(name string) string {
	switch v := second(c.get(name, TypeString, TypeEnum, TypeURL)).(type) {
	case string:
		return v
	case *url.URL:
		return v.String()
	}
	return ""
}

// Int returns an int field.
func (c *ParsedConfig) Int(name string) int {
	n, _ := second(c.get(name, TypeInt)).(int64)
	return int(n)
}

// Float returns a float field.
func (c *ParsedConfig) Float(name string) float64 {
	f, _ := second(c.get(name, TypeFloat)).(float64)
	return f
}

// Bool returns a bool field.
func (c *ParsedConfig) Bool(name string) bool {
	b, _ := second(c.get(name, TypeBool)).(bool)
	return b
}

// Duration returns a duration field.
func (c *ParsedConfig) Duration(name string) time.Duration {
	d, _ := second(c.get(name, TypeDuration)).(time.Duration)
	return d
}

// URL returns a copy of a URL field, or nil when it is not set.
func (c *ParsedConfig) URL(name string) *url.URL {
	u, _ := second(c.get(name, TypeURL)).(*url.URL)
	if u == nil {
		return nil
	}
	cp := *u
	return &cp
}

func second(_ *FieldSpec, v any) any { return v }
