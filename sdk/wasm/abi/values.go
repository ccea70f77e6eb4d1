package abi

import (
	"encoding/json"
	"net/url"
	"time"

	"github.com/masteria/masteria/sdk"
)

// Values returns the fields' values in c as plain JSON values, secrets
// included: durations and URLs become their strings, so the guest's parse
// of the same fields gives back what c holds.
func Values(fields sdk.Fields, c *sdk.ParsedConfig) map[string]any {
	out := make(map[string]any, len(fields))
	for _, f := range fields {
		if name := f.Name(); c.Has(name) {
			out[name] = plain(c.Value(name))
		}
	}
	return out
}

func plain(v any) any {
	switch v := v.(type) {
	case time.Duration:
		return v.String()
	case *url.URL:
		return v.String()
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = plain(e)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = plain(e)
		}
		return l
	}
	return v
}

// DecodeValues decodes a JSON object of output values, reading integral
// numbers as int64 and the others as float64.
func DecodeValues(b []byte) (map[string]any, error) {
	m, err := DecodeObject(b)
	if err != nil {
		return nil, err
	}
	for k, v := range m {
		m[k] = numbers(v)
	}
	return m, nil
}

func numbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	case map[string]any:
		for k, e := range v {
			v[k] = numbers(e)
		}
	case []any:
		for i, e := range v {
			v[i] = numbers(e)
		}
	}
	return v
}
