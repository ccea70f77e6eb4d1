package campaigns

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

func TestBreakerTripsOnUndeliverableSpike(t *testing.T) {
	b := newBreaker(Breaker{Window: 100, MinSamples: 50, MaxUndeliverable: 0.2, MaxOptOut: 0.05})
	for i := 0; i < 100; i++ {
		if r := b.record(sentOK).Text; r != "" {
			t.Fatal("tripped on successes")
		}
	}
	reason := ""
	n := 0
	for reason == "" && n < 100 {
		code := "131026"
		if n%4 == 3 {
			code = "131049"
		}
		reason = b.record(failure(signalUndeliverable, code, "")).Text
		n++
	}
	if n != 21 || !strings.Contains(reason, "21 of the last 100") || !strings.Contains(reason, "131026 ×16, 131049 ×5") {
		t.Fatalf("tripped after %d: %q", n, reason)
	}
	if b.record(failure(signalUndeliverable, "131026", "")).Text != "" {
		t.Fatal("a tripped breaker reports once")
	}
}

func TestBreakerTripsOnOptOutsAndWaitsForSamples(t *testing.T) {
	b := newBreaker(Breaker{Window: 200, MinSamples: 50, MaxUndeliverable: 0.2, MaxOptOut: 0.05})
	for i := 0; i < 10; i++ {
		if r := b.record(outcome{signal: signalOptOut, code: "opted_out_at"}).Text; r != "" {
			t.Fatalf("tripped before min samples: %s", r)
		}
	}
	reason := ""
	for i := 0; i < 40 && reason == ""; i++ {
		reason = b.record(sentOK).Text
	}
	if !strings.Contains(reason, "opt-outs") {
		t.Fatalf("10 opt-outs in 50 sends: %q", reason)
	}
	off := newBreaker(Breaker{Disabled: true, Window: 10, MinSamples: 1})
	if off.record(failure(signalUndeliverable, "x", "")).Text != "" {
		t.Fatal("a disabled breaker tripped")
	}
}

// TestQuietHoursInContactTimeZone: allowed hours apply on each contact's
// own clock, days included, and a local start time lands per zone.
func TestQuietHoursInContactTimeZone(t *testing.T) {
	win, err := compileWindow(&Window{From: "09:00", To: "20:00", Days: []string{"mon", "tue", "wed", "thu", "fri"}})
	if err != nil {
		t.Fatal(err)
	}
	sp, _ := time.LoadLocation("America/Sao_Paulo")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	at := time.Date(2026, 5, 8, 14, 0, 0, 0, time.UTC) // Friday: 11:00 in São Paulo, 23:00 in Tokyo
	tests := []struct {
		name string
		loc  *time.Location
		want time.Time
	}{
		{"open in São Paulo", sp, at},
		{"Tokyo's Friday is over: Monday 09:00 Tokyo", tokyo, time.Date(2026, 5, 11, 9, 0, 0, 0, tokyo)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := win.next(at, tt.loc); !got.Equal(tt.want) {
				t.Fatalf("next = %v, want %v", got.In(tt.loc), tt.want)
			}
		})
	}
	early := time.Date(2026, 5, 8, 10, 0, 0, 0, time.UTC) // 07:00 in São Paulo
	if got := win.next(early, sp); !got.Equal(time.Date(2026, 5, 8, 9, 0, 0, 0, sp)) {
		t.Fatalf("before opening: %v", got.In(sp))
	}
	local := firstSend(early, "2026-05-08T10:30", win, sp)
	if !local.Equal(time.Date(2026, 5, 8, 10, 30, 0, 0, sp)) {
		t.Fatalf("local_at in São Paulo: %v", local.In(sp))
	}
	if _, err := compileWindow(&Window{From: "20:00", To: "09:00"}); err == nil {
		t.Fatal("a window crossing midnight was accepted")
	}
}

// TestRetriesByErrorClass: transient errors retry with growing jittered
// backoff until attempts run out, rate limits wait without using attempts,
// permanent errors are final, and an unknown outcome is never a plain retry.
func TestRetriesByErrorClass(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		attempts int
		kind     string
		code     string
	}{
		{"transient", sdk.Retryable(errors.New("graph error 131000"), 0), 1, store.OutcomeRetry, "131000"},
		{"transient, last attempt", sdk.Retryable(errors.New("boom"), 0), 5, store.OutcomeFailed, "retries_exhausted"},
		{"throughput", sdk.RateLimited(errors.New("graph error 130429"), 3*time.Second), 1, store.OutcomeThrottled, "130429"},
		{"permanent", sdk.Permanent(errors.New("undeliverable"), "131026"), 1, store.OutcomeFailed, "131026"},
		{"auth", sdk.Auth(errors.New("token expired")), 1, store.OutcomeRetry, ""},
		{"timeout", fmt.Errorf("%w: i/o timeout", ErrUnknownOutcome), 1, store.OutcomeUnknown, ""},
		{"spam limit", sdk.RateLimited(errors.New("graph error 131048"), time.Minute), 1, store.OutcomeRetry, "131048"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := judge(tt.err, tt.attempts, 5)
			if v.kind != tt.kind || v.code != tt.code {
				t.Fatalf("judge = %+v, want %s %s", v, tt.kind, tt.code)
			}
		})
	}
	if v := judge(sdk.Auth(errors.New("x")), 1, 5); v.pause.Code == "" {
		t.Fatal("refused credentials must pause the campaign")
	}
	if v := judge(sdk.RateLimited(errors.New("graph error 131056"), 0), 1, 5); !v.pair || v.retryAfter < time.Second {
		t.Fatalf("pair rate limit: %+v", v)
	}
	for attempt := 1; attempt <= 12; attempt++ {
		d := backoff(attempt)
		base := min(2*time.Second<<(attempt-1), 5*time.Minute)
		if d < base/2 || d > base {
			t.Fatalf("backoff(%d) = %v, want within [%v, %v]", attempt, d, base/2, base)
		}
	}
}

// TestBreakerTripsWhenTheFirstSendsAllFail: ten failures and no success
// trip at once, naming the commonest codes with the provider's words; one
// send that went out first, or opt-outs (no send's failure), do not.
func TestBreakerTripsWhenTheFirstSendsAllFail(t *testing.T) {
	cfg := breakerDefaults(Breaker{}, map[string]apperr.Field{})
	b := newBreaker(cfg)
	reason := ""
	for i := 0; i < firstSendsToJudge && reason == ""; i++ {
		b.record(outcome{signal: signalOptOut, code: "opted_out_at"})
		code, msg := "132001", "whatsapp-cloud: graph error 132001 (HTTP 404): Template name does not exist in the translation"
		if i == 4 {
			code, msg = "", `no whatsapp-cloud connection named "Loja"`
		}
		if reason = b.record(failure(signalOK, code, msg)).Text; reason != "" && i != firstSendsToJudge-1 {
			t.Fatalf("tripped after %d: %s", i+1, reason)
		}
	}
	want := `the first 10 sends all failed, none went out: 132001 ×9: "graph error 132001 (HTTP 404): Template name does not exist in the translation"; no code ×1: "no whatsapp-cloud connection named \"Loja\""`
	if !strings.HasPrefix(reason, want) {
		t.Fatalf("reason %q\nwant %q…", reason, want)
	}
	ok := newBreaker(cfg)
	ok.record(sentOK)
	for range 48 {
		if r := ok.record(failure(signalOK, "132015", "paused")).Text; r != "" {
			t.Fatalf("tripped on the first sends after one went out: %s", r)
		}
	}
	if r := ok.record(failure(signalOK, "132015", "paused")).Text; !strings.Contains(r, "49 of the last 50 sends (98%) were failures (132015 ×49)") {
		t.Fatalf("49 of 50 failed: %q", r)
	}
}
