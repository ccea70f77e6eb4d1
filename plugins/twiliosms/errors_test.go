package twiliosms

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/twiliosms/sim"
	"github.com/masteria/masteria/sdk"
)

var hello = sdk.OutboundMessage{To: handset, Kind: sdk.KindText, Text: "oi"}

// TestSyncErrorMap drives every synchronous code through the simulator's
// fault injection and checks the class the send fails with.
func TestSyncErrorMap(t *testing.T) {
	f := newFixture(t, nil, nil)
	cases := map[int]sdk.Class{
		20003: sdk.ClassAuth, 20404: sdk.ClassPermanent, 20429: sdk.ClassRateLimited, 20500: sdk.ClassRetryable,
		20503: sdk.ClassRetryable, 21211: sdk.ClassPermanent, 21212: sdk.ClassPermanent, 21266: sdk.ClassPermanent,
		21602: sdk.ClassPermanent, 21603: sdk.ClassPermanent, 21604: sdk.ClassPermanent, 21606: sdk.ClassPermanent,
		21608: sdk.ClassPermanent, 21609: sdk.ClassPermanent, 21610: sdk.ClassPermanent, 21611: sdk.ClassRateLimited,
		21614: sdk.ClassPermanent, 21617: sdk.ClassPermanent, 21619: sdk.ClassPermanent, 21620: sdk.ClassPermanent,
		21635: sdk.ClassPermanent, 21704: sdk.ClassPermanent, 21705: sdk.ClassPermanent,
	}
	for code, class := range cases {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			p := f.open(nil) // a fresh connection: no backoff or opt-out left by another case
			f.sim.FailNext(1, code)
			_, err := p.Send(context.Background(), hello)
			var ae *APIError
			if !errors.As(err, &ae) || ae.Code != code {
				t.Fatalf("error %v does not carry code %d", err, code)
			}
			c, retryAfter, provider := sdk.ClassOf(err)
			if c != class {
				t.Errorf("class = %v, want %v (HTTP %d)", c, class, ae.Status)
			}
			if c == sdk.ClassPermanent && provider != strconv.Itoa(code) {
				t.Errorf("provider code %q", provider)
			}
			if c == sdk.ClassRateLimited && retryAfter <= 0 {
				t.Error("a rate limit without a retry-after")
			}
		})
	}
}

// TestAsyncErrorMap: delivery errors arrive in status callbacks as failed
// statuses carrying the code, its title and its class.
func TestAsyncErrorMap(t *testing.T) {
	f := newFixture(t, nil, nil)
	codes := []int{30001, 30002, 30003, 30004, 30005, 30006, 30007, 30008, 30036}
	sids := map[int]string{}
	for i, code := range codes {
		to := "+55119000000" + strconv.Itoa(10+i)
		f.sim.InjectFault(sim.Fault{Code: code, Async: true, To: to, Times: 1})
		res, err := f.send(sdk.OutboundMessage{To: to, Kind: sdk.KindText, Text: "x"})
		if err != nil {
			t.Fatal(err)
		}
		sids[code] = res.MessageID
	}
	f.clock.Advance(time.Minute)
	got := map[string]sdk.ProviderError{}
	for _, ev := range f.emitted() {
		if u, ok := ev.Payload.(sdk.StatusUpdate); ok && u.Status == sdk.StatusFailed && len(u.Errors) == 1 {
			got[u.ProviderMessageID] = u.Errors[0]
		}
	}
	for _, code := range codes {
		e, ok := got[sids[code]]
		want := ClassifyCode(code, 0)
		if !ok || e.Code != strconv.Itoa(code) || e.Title != want.Title || e.Details != "class: "+want.Class.String() {
			t.Errorf("code %d: failed status %+v (found %v)", code, e, ok)
		}
	}
}

// TestRateLimitBackoff: a 429 holds the sender back; the next send fails
// locally with the retry-after, without calling Twilio.
func TestRateLimitBackoff(t *testing.T) {
	f := newFixture(t, nil, map[string]any{"max_pacing_wait": "0s"})
	f.sim.FailNext(1, 20429)
	if _, err := f.send(hello); classOf(err) != sdk.ClassRateLimited {
		t.Fatalf("20429: %v", err)
	}
	before := f.createCount()
	_, err := f.send(hello)
	if _, ra, _ := sdk.ClassOf(err); !errors.Is(err, errPaced) || ra != time.Second {
		t.Errorf("during the backoff: %v (retry-after %v)", err, ra)
	}
	if f.createCount() != before {
		t.Error("the paced send reached Twilio")
	}
	f.clock.Advance(time.Second)
	if _, err := f.send(hello); err != nil {
		t.Errorf("after the backoff: %v", err)
	}
}

// TestTransportErrors: a proxy's bare 503, a timeout, a wrong token.
func TestTransportErrors(t *testing.T) {
	f := newFixture(t, nil, nil)
	f.sim.InjectFault(sim.Fault{Status: http.StatusServiceUnavailable, Times: 1})
	if _, err := f.send(hello); classOf(err) != sdk.ClassRetryable {
		t.Errorf("bare 503: %v", err)
	}
	f.sim.InjectFault(sim.Fault{Latency: time.Hour, Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := f.plugin.Send(ctx, hello); classOf(err) != sdk.ClassRetryable || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("timeout: %v", err)
	}
	wrong := f.open(map[string]any{"auth_token": "not-the-token"})
	if _, err := wrong.Send(context.Background(), hello); classOf(err) != sdk.ClassAuth {
		t.Errorf("wrong token: %v", err)
	}
}

func classOf(err error) sdk.Class {
	c, _, _ := sdk.ClassOf(err)
	return c
}
