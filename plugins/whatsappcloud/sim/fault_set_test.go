package sim

import (
	"strings"
	"testing"
	"time"
)

// TestParseFaultsSpellings: a duration is a Go duration string or a count
// of milliseconds, in the same places; an unknown field names itself.
func TestParseFaultsSpellings(t *testing.T) {
	set, err := ParseFaults([]byte(`{"faults":[{"code":130429,"latency":"2s"},{"latency_ms":2000,"endpoint":"messages"}],
		"webhooks":{"drop":0.5,"delay":"500ms"}}`))
	if err != nil || len(set.Faults) != 2 || set.Faults[0].Latency != 2*time.Second || set.Faults[1].Latency != 2*time.Second ||
		set.Faults[0].Code != 130429 || set.Webhooks.Delay != 500*time.Millisecond || set.Webhooks.Drop != 0.5 {
		t.Fatalf("%+v %v", set, err)
	}
	if set, err := ParseFaults([]byte(`{"webhooks":{"delay_ms":500}}`)); err != nil || set.Webhooks.Delay != 500*time.Millisecond {
		t.Fatalf("delay_ms: %+v %v", set, err)
	}
	for body, want := range map[string]string{
		`{"faultz":[{"code":1}]}`:                               `unknown field "faultz"`,
		`{"faults":[{"code":1,"latency":"1s","latency_ms":1}]}`: "faults[0]: give latency or latency_ms, not both",
		`{"faults":[{"rate":2},{"endpoint":"mesages"}]}`:        `faults[1].endpoint: "mesages" is not one of`,
		`{"webhooks":{"delay":"soon"}}`:                         `"soon" is not a duration`,
	} {
		if _, err := ParseFaults([]byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
}

// TestFaultsEndpointRefusesUnknownFields: POST /_sim/faults answers 400
// naming a misspelt field, and installs nothing.
func TestFaultsEndpointRefusesUnknownFields(t *testing.T) {
	f := newFixture(t, nil)
	status, body := f.do("POST", "/_sim/faults", "", strings.NewReader(`{"faultz":[{"code":130429}]}`), "application/json")
	if status != 400 || !strings.Contains(string(body), `unknown field "faultz"`) {
		t.Fatalf("%d %s", status, body)
	}
	if status, resp := f.send(textTo(user, "x")); status != 200 {
		t.Fatalf("a fault was installed: %d %v", status, resp)
	}
	status, body = f.do("POST", "/_sim/faults", "", strings.NewReader(`{"faults":[{"code":130429,"latency":"1ms","times":1}]}`), "application/json")
	if status != 204 {
		t.Fatalf("latency as a duration string: %d %s", status, body)
	}
}
