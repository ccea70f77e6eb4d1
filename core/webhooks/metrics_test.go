package webhooks

import (
	"testing"
	"time"

	"github.com/masteria/masteria/core/metrics"
)

// served is what the registry serves of a family: each series' labels and
// its value (a counter's count, a histogram's sample count).
func served(t *testing.T, m *metrics.Metrics, family string) map[string]float64 {
	t.Helper()
	fams, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range fams {
		if f.GetName() != family {
			continue
		}
		for _, s := range f.GetMetric() {
			key := ""
			for _, l := range s.GetLabel() {
				key += l.GetName() + "=" + l.GetValue() + " "
			}
			if c := s.GetCounter(); c != nil {
				out[key] = c.GetValue()
			} else if h := s.GetHistogram(); h != nil {
				out[key] = float64(h.GetSampleCount())
			}
		}
	}
	return out
}

// TestMetricsCountOutcomes: attempts are counted delivered or failed and
// timed, and an endpoint the sender turns off is counted, with no tenant
// or endpoint in any label.
func TestMetricsCountOutcomes(t *testing.T) {
	r := newReceiver(t, answer{status: 200}, answer{status: 500}, answer{status: 410})
	k := newKit(t, r.host())
	m := metrics.New()
	k.sender.Metrics = m
	ep := k.endpoint(r.URL)
	for range 2 {
		k.enqueue(ep.ID, "message.received", `{}`)
		k.sendDue()
	}
	k.clock.Advance(time.Minute)
	k.sendDue() // the 500's retry: 410
	outcomes := served(t, m, "masteria_webhook_outcomes_total")
	want := map[string]float64{"outcome=delivered ": 1, "outcome=failed_attempt ": 2, "outcome=endpoint_disabled ": 1}
	if len(outcomes) != len(want) {
		t.Fatalf("outcomes %v, want %v", outcomes, want)
	}
	for k, v := range want {
		if outcomes[k] != v {
			t.Fatalf("outcomes %v, want %v", outcomes, want)
		}
	}
	durations := served(t, m, "masteria_webhook_attempt_duration_seconds")
	if len(durations) != 2 || durations["result=delivered "] != 1 || durations["result=failed "] != 2 {
		t.Fatalf("durations %v", durations)
	}
}
