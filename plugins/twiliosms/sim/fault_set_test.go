package sim

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestParseFaultsSpellings: a duration is a Go duration string or a count
// of milliseconds, in the same places; an unknown field names itself.
func TestParseFaultsSpellings(t *testing.T) {
	set, err := ParseFaults([]byte(`{"faults":[{"code":20429,"latency":"2s"},{"latency_ms":2000,"endpoint":"create"}],
		"webhooks":{"duplicate":0.5,"delay_ms":500}}`))
	if err != nil || len(set.Faults) != 2 || set.Faults[0].Latency != 2*time.Second || set.Faults[1].Latency != 2*time.Second ||
		set.Webhooks.Delay != 500*time.Millisecond || set.Webhooks.Duplicate != 0.5 {
		t.Fatalf("%+v %v", set, err)
	}
	for body, want := range map[string]string{
		`{"faultz":[{"code":1}]}`:                     `unknown field "faultz"`,
		`{"faults":[{"code":1,"details":"x"}]}`:       `unknown field "details"`, // WhatsApp's only
		`{"faults":[{"times":-1}]}`:                   "faults[0].times: -1 is negative",
		`{"webhooks":{"delay":"1s","delay_ms":1000}}`: "webhooks: give delay or delay_ms, not both",
	} {
		if _, err := ParseFaults([]byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
}

func postJSON(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestFaultsEndpointRefusesUnknownFields: POST /_sim/faults answers 400
// naming a misspelt field, and installs nothing.
func TestFaultsEndpointRefusesUnknownFields(t *testing.T) {
	f := newFixture(t, nil)
	if status, body := postJSON(t, f.api.URL+"/_sim/faults", `{"faultz":[{"code":20429}]}`); status != 400 || !strings.Contains(body, `unknown field "faultz"`) {
		t.Fatalf("%d %s", status, body)
	}
	f.mustCreate(f.sms("x"))
	if status, body := postJSON(t, f.api.URL+"/_sim/faults", `{"faults":[{"code":20429,"latency":"1ms","times":1}]}`); status != 204 {
		t.Fatalf("latency as a duration string: %d %s", status, body)
	}
}
