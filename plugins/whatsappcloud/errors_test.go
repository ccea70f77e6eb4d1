package whatsappcloud

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

var helloWorld = sdk.OutboundMessage{To: "+" + user, Kind: sdk.KindTemplate,
	Template: &sdk.Template{Name: "hello_world", Language: "en_US"}}

// TestErrorCodeMap drives every code of Meta's table through the
// simulator's fault injection and checks the class the send fails with.
func TestErrorCodeMap(t *testing.T) {
	f := newFixture(t, nil, nil)
	cases := []struct {
		code  int
		class sdk.Class
	}{
		{1, sdk.ClassRetryable}, {2, sdk.ClassRetryable}, {3, sdk.ClassAuth},
		{4, sdk.ClassRateLimited}, {10, sdk.ClassAuth}, {100, sdk.ClassPermanent}, {190, sdk.ClassAuth},
		{200, sdk.ClassAuth}, {368, sdk.ClassPermanent}, {80007, sdk.ClassRateLimited},
		{130429, sdk.ClassRateLimited}, {130472, sdk.ClassPermanent}, {130497, sdk.ClassPermanent},
		{131000, sdk.ClassRetryable}, {131005, sdk.ClassAuth}, {131008, sdk.ClassPermanent},
		{131009, sdk.ClassPermanent}, {131016, sdk.ClassRetryable}, {131021, sdk.ClassPermanent},
		{131026, sdk.ClassPermanent}, {131031, sdk.ClassPermanent}, {131042, sdk.ClassPermanent},
		{131045, sdk.ClassPermanent}, {131047, sdk.ClassPermanent}, {131048, sdk.ClassRateLimited},
		{131049, sdk.ClassPermanent}, {131050, sdk.ClassPermanent}, {131051, sdk.ClassPermanent},
		{131052, sdk.ClassPermanent}, {131053, sdk.ClassPermanent}, {131056, sdk.ClassRateLimited},
		{131057, sdk.ClassRetryable}, {132000, sdk.ClassPermanent}, {132001, sdk.ClassPermanent},
		{132005, sdk.ClassPermanent}, {132007, sdk.ClassPermanent}, {132012, sdk.ClassPermanent},
		{132015, sdk.ClassPermanent}, {132016, sdk.ClassPermanent}, {132018, sdk.ClassPermanent},
		{132068, sdk.ClassPermanent}, {132069, sdk.ClassPermanent}, {133016, sdk.ClassRateLimited},
		{135000, sdk.ClassPermanent},
	}
	for _, c := range cases {
		t.Run(strconv.Itoa(c.code), func(t *testing.T) {
			p, _ := f.open(nil) // a fresh connection: no backoff left by the previous case
			f.sim.InjectFault(sim.Fault{Code: c.code, Times: 1, Endpoint: "messages"})
			_, err := p.Send(context.Background(), helloWorld)
			class, retryAfter, code := sdk.ClassOf(err)
			var ge *GraphError
			if !errors.As(err, &ge) || ge.Code != c.code {
				t.Fatalf("error %v does not carry Graph code %d", err, c.code)
			}
			if class != c.class {
				t.Errorf("class = %v, want %v (HTTP %d)", class, c.class, ge.HTTPStatus)
			}
			if class == sdk.ClassPermanent && code != strconv.Itoa(c.code) {
				t.Errorf("provider code = %q", code)
			}
			if class == sdk.ClassRateLimited && retryAfter <= 0 {
				t.Errorf("a rate limit without a retry-after")
			}
		})
	}
}

// TestRateLimitsAreHTTP400: the simulator answers 130429 with HTTP 400, and
// the plugin still reads it as a rate limit, from the code.
func TestRateLimitsAreHTTP400(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.sim.InjectFault(sim.Fault{Code: 130429, Times: 1, Endpoint: "messages"})
	_, err := f.send(helloWorld)
	var ge *GraphError
	if !errors.As(err, &ge) || ge.HTTPStatus != http.StatusBadRequest {
		t.Fatalf("err = %v", err)
	}
	if c, _, _ := sdk.ClassOf(err); c != sdk.ClassRateLimited {
		t.Errorf("class = %v", c)
	}
}

// TestTransportFailures: a bare 5xx from a proxy, an expired token, a
// timeout and the published error vectors.
func TestTransportFailures(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.sim.InjectFault(sim.Fault{Status: http.StatusBadGateway, Times: 1, Endpoint: "messages"})
	if _, err := f.send(helloWorld); classOf(err) != sdk.ClassRetryable {
		t.Errorf("bare 502: %v", err)
	}
	f.sim.InjectFault(sim.Fault{Latency: time.Hour, Times: 1, Endpoint: "messages"})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := f.plugin.Send(ctx, helloWorld); classOf(err) != sdk.ClassRetryable || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("timeout: %v", err)
	}
	f.sim.ExpireToken(sim.DemoAccessToken)
	if _, err := f.send(helloWorld); classOf(err) != sdk.ClassAuth {
		t.Errorf("expired token: %v", err)
	}
}

func TestPublishedErrorVectors(t *testing.T) {
	for name, want := range map[string]sdk.Class{
		"graph_error_response_130429.json":     sdk.ClassRateLimited,
		"graph_error_response_100_mm_api.json": sdk.ClassPermanent,
	} {
		err := graphFailure(http.StatusBadRequest, nil, readVector(t, name))
		if classOf(err) != want {
			t.Errorf("%s: %v, want %v", name, err, want)
		}
	}
	// Code 0 (AuthException) cannot be injected: the simulator reads a zero
	// code as "no error".
	if err := graphFailure(401, nil, []byte(`{"error":{"code":0,"message":"(#0) AuthException"}}`)); classOf(err) != sdk.ClassAuth {
		t.Errorf("code 0: %v", err)
	}
	var usage = http.Header{"X-Business-Use-Case-Usage": {mustJSON(map[string]any{"102290129340398": []map[string]any{
		{"type": "whatsapp", "call_count": 100, "estimated_time_to_regain_access": 7}}})}}
	if _, ra, _ := sdk.ClassOf(graphFailure(400, usage, []byte(`{"error":{"code":80007,"message":"(#80007) Rate limit issues"}}`))); ra != 7*time.Minute {
		t.Errorf("retry-after from X-Business-Use-Case-Usage = %v", ra)
	}
}

func classOf(err error) sdk.Class {
	c, _, _ := sdk.ClassOf(err)
	return c
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
