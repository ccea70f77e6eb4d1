package sdk

import (
	"fmt"
	"log/slog"
	"net/url"
	"time"
)

// redactedText replaces secret values wherever a config is printed.
const redactedText = "[secret]"

// LogValue lets slog print the config with secret fields redacted.
func (c *ParsedConfig) LogValue() slog.Value { return slog.AnyValue(c.Redacted()) }

// Format prints the config with secret fields redacted, so %v in a log
// line or error never reveals a credential.
func (c *ParsedConfig) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), c.Redacted())
}

// Redacted returns the values as plain data (durations and URLs as
// strings) with every secret replaced by "[secret]".
func (c *ParsedConfig) Redacted() map[string]any {
	if c == nil {
		return nil
	}
	values := c.valueMap()
	out := make(map[string]any, len(values))
	for name, v := range values {
		s := FieldSpec{}
		if p := c.spec(name); p != nil {
			s = *p
		}
		out[name] = redact(s, v)
	}
	return out
}

func redact(s FieldSpec, v any) any {
	if s.Secret {
		return redactedText
	}
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = redact(childSpec(s, k), e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = redact(childSpec(s, ""), e)
		}
		return out
	case time.Duration, *url.URL:
		return fmt.Sprint(x)
	}
	return v
}

// childSpec returns the declaration of an object's field k, or of a list's
// or map's elements.
func childSpec(s FieldSpec, k string) FieldSpec {
	if s.Elem != nil {
		return *s.Elem
	}
	for _, c := range s.Fields {
		if c.Name == k {
			return c
		}
	}
	return FieldSpec{}
}
