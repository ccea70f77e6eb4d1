package sdk

import (
	"encoding/json"
	"regexp"
	"slices"
	"testing"
	"time"
)

func TestJSONSchema(t *testing.T) {
	s := sampleConfig().JSONSchema()
	if s["$schema"] != SchemaDialect || s["type"] != "object" || s["additionalProperties"] != false {
		t.Errorf("top level = %v", s)
	}
	if got := s["required"]; !slices.Equal(got.([]string), []string{"token", "phone_number_id"}) {
		t.Errorf("required = %v", got)
	}
	props := s["properties"].(map[string]any)
	tests := map[string]map[string]any{
		"token":       {"type": "string", "writeOnly": true, "x-secret": true},
		"max_retries": {"type": "integer", "default": 3},
		"mark_read":   {"type": "boolean"},
		"timeout":     {"type": "string", "default": "10s", "pattern": durationPattern},
		"base_url":    {"type": "string", "format": "uri"},
	}
	for name, want := range tests {
		got := props[name].(map[string]any)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s.%s = %v, want %v", name, k, got[k], v)
			}
		}
	}
	if _, err := json.Marshal(s); err != nil {
		t.Errorf("schema does not marshal: %v", err)
	}
}

func TestJSONSchemaNested(t *testing.T) {
	b, err := json.Marshal(sampleSend().Input.JSONSchema()["properties"].(map[string]any)["template"])
	if err != nil {
		t.Fatal(err)
	}
	want := `{"additionalProperties":false,"properties":{"components":{"items":{"additionalProperties":false,` +
		`"properties":{"parameters":{"items":{"type":"string"},"type":"array"},"type":{"enum":["header","body","button"],` +
		`"type":"string"}},"required":["type"],"type":"object","x-order":["type","parameters"]},"type":"array"},` +
		`"language":{"default":"pt_BR","type":"string"},"name":{"type":"string"},"variables":{"additionalProperties":` +
		`{"type":"string"},"type":"object"}},"required":["name"],"type":"object","x-order":["name","language","variables","components"]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

// The duration pattern given to editors must agree with time.ParseDuration.
func TestDurationPatternMatchesParseDuration(t *testing.T) {
	re := regexp.MustCompile(durationPattern)
	for _, s := range []string{"0", "-0", "+0", "30s", "1h30m", "1.5h", ".5s", "1.s", "300ms", "2µs", "1us",
		"", "1", "1d", "h", "1 h", "1h ", ".s", "--1s", "1hh"} {
		_, err := time.ParseDuration(s)
		if re.MatchString(s) != (err == nil) {
			t.Errorf("%q: pattern says %v, ParseDuration says %v", s, re.MatchString(s), err)
		}
	}
}
