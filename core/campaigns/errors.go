package campaigns

import (
	"context"
	"errors"
	"math/rand/v2"
	"regexp"
	"time"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// ErrUnknownOutcome marks a send error after which the provider may or may
// not have accepted the message (a timeout, a dropped connection). Senders
// wrap transport failures with it; the ledger then treats the attempt as
// ambiguous instead of retrying blindly.
var ErrUnknownOutcome = errors.New("the provider may have accepted the message")

// Signals the circuit breaker counts.
const (
	signalOK = iota
	signalUndeliverable
	signalOptOut
	signalFailed // any other failed send: a bad template, connection or input
)

// codeSignals are provider codes that mean the recipient cannot or will
// not receive: a spike of them means a bad list or a blocked sender.
var codeSignals = map[string]int{
	// WhatsApp
	"131026": signalUndeliverable, "131049": signalUndeliverable, "131047": signalUndeliverable,
	"130472": signalUndeliverable, "131021": signalUndeliverable, "131050": signalOptOut,
	// Twilio
	"21211": signalUndeliverable, "21614": signalUndeliverable, "21635": signalUndeliverable,
	"30003": signalUndeliverable, "30004": signalUndeliverable, "30005": signalUndeliverable,
	"30006": signalUndeliverable, "30007": signalUndeliverable, "21610": signalOptOut,
}

// pauseCodes stop the whole campaign at once: the sender is in trouble.
var pauseCodes = map[string]string{
	"131048": "WhatsApp's spam rate limit (131048): the number's quality dropped",
	"368":    "the WhatsApp number is blocked for policy violations (368)",
	"131031": "the WhatsApp business account is locked (131031)",
	"130497": "the business may not message users in this country (130497)",
	"30002":  "the Twilio account is suspended (30002)",
}

// verdict is what to do about one attempt's error.
type verdict struct {
	kind       string // a store.Outcome kind
	code       string
	retryAfter time.Duration
	signal     int
	pause      Reason // pause the campaign with this reason
	pair       bool   // the limit is per recipient
}

var codeInText = regexp.MustCompile(`\b(1[0-9]{5}|[0-9]{5}|368|190)\b`)

// providerCode is the provider's code carried by err, if any.
func providerCode(err error) string {
	if _, _, code := sdk.ClassOf(err); code != "" {
		return code
	}
	return codeInText.FindString(err.Error())
}

// judge classifies a failed attempt: transient errors are retried with
// backoff and jitter until attempts run out, rate limits wait (and slow
// the sender) without using up attempts, anything else is final.
func judge(err error, attempts, maxAttempts int) verdict {
	class, after, _ := sdk.ClassOf(err)
	code := providerCode(err)
	v := verdict{code: code, retryAfter: after, signal: codeSignals[code], pause: senderBlocked(code)}
	switch {
	case errors.Is(err, ErrUnknownOutcome) || errors.Is(err, context.DeadlineExceeded):
		v.kind = store.OutcomeUnknown
	case v.pause.Code != "":
		v.kind = store.OutcomeRetry // the campaign pauses; the row waits for resume
		v.retryAfter = time.Minute
	case class == sdk.ClassRateLimited:
		v.kind, v.pair = store.OutcomeThrottled, code == "131056"
		v.retryAfter = max(after, time.Second)
	case class == sdk.ClassAuth:
		v.kind, v.pause = store.OutcomeRetry, credentialsRefused
	case class == sdk.ClassRetryable && attempts < maxAttempts:
		v.kind = store.OutcomeRetry
		v.retryAfter = max(after, backoff(attempts))
	case class == sdk.ClassRetryable:
		v.kind, v.code = store.OutcomeFailed, firstOf(code, "retries_exhausted")
	default:
		v.kind = store.OutcomeFailed
	}
	return v
}

// backoff is 2s·2^(attempt-1), capped at 5 minutes, then a random 50–100%
// of it so retries of many rows spread out.
func backoff(attempt int) time.Duration {
	d := 2 * time.Second << min(attempt-1, 10)
	d = min(d, 5*time.Minute)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
