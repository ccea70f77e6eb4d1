package simfault

import (
	"strings"
	"testing"
	"time"
)

func TestDecodeAndPick(t *testing.T) {
	type rule struct {
		Latency   Duration `json:"latency"`
		LatencyMS *int64   `json:"latency_ms"`
	}
	for _, tc := range []struct {
		body string
		want time.Duration
		err  string
	}{
		{`{"latency":"40s"}`, 40 * time.Second, ""},
		{`{"latency_ms":250}`, 250 * time.Millisecond, ""},
		{`{}`, 0, ""},
		{`{"latency":"40s","latency_ms":1}`, 0, "give latency or latency_ms, not both"},
		{`{"latency_ms":-1}`, 0, "r.latency_ms: -1 is negative"},
		{`{"latency":"soon"}`, 0, `"soon" is not a duration`},
		{`{"latency":40}`, 0, "a duration is a string"},
		{`{"latencyy":"1s"}`, 0, `unknown field "latencyy"`},
		{`{} {}`, 0, "nothing after it"},
	} {
		var r rule
		err := Decode([]byte(tc.body), &r)
		var got time.Duration
		if err == nil {
			got, err = Pick("r", "latency", r.Latency, r.LatencyMS)
		}
		if tc.err == "" && (err != nil || got != tc.want) || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: %v %v, want %v %q", tc.body, got, err, tc.want, tc.err)
		}
	}
}
