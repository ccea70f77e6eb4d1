package sdk

import (
	"errors"
	"time"
)

// Class tells the engine what to do about a failed call.
type Class int

// The error classes. An error that carries no class is [ClassRetryable].
const (
	// ClassNone is the class of a nil error.
	ClassNone Class = iota
	// ClassRetryable: a transient failure; retry with backoff, or after the
	// retry-after delay when one is given.
	ClassRetryable
	// ClassRateLimited: the provider throttled the call; retry no sooner
	// than the retry-after delay and slow down.
	ClassRateLimited
	// ClassPermanent: retrying cannot help (bad input, rejected by the
	// provider); fail the step, keeping the provider's error code.
	ClassPermanent
	// ClassAuth: credentials are missing, expired or revoked; fail the step
	// and flag the connection for the user to fix.
	ClassAuth
)

var classNames = [...]string{"none", "retryable", "rate_limited", "permanent", "auth"}

// String returns the class's stable wire name, such as "rate_limited".
func (c Class) String() string {
	if c < 0 || int(c) >= len(classNames) {
		return "unknown"
	}
	return classNames[c]
}

// classified is an error with the class the engine acts on.
type classified struct {
	err        error
	class      Class
	retryAfter time.Duration
	code       string
}

func (e *classified) Error() string { return e.err.Error() }
func (e *classified) Unwrap() error { return e.err }

func classify(err error, c Class, retryAfter time.Duration, code string) error {
	if err == nil {
		return nil
	}
	return &classified{err: err, class: c, retryAfter: retryAfter, code: code}
}

// Retryable marks err as transient. retryAfter is a hint; zero lets the
// engine choose its backoff. A nil err returns nil.
func Retryable(err error, retryAfter time.Duration) error {
	return classify(err, ClassRetryable, retryAfter, "")
}

// RateLimited marks err as the provider throttling the plugin; the engine
// waits at least retryAfter before the next attempt. A nil err returns nil.
func RateLimited(err error, retryAfter time.Duration) error {
	return classify(err, ClassRateLimited, retryAfter, "")
}

// Permanent marks err as not worth retrying and records the provider's own
// error code (for example WhatsApp's "131047"), which may be empty. A nil err
// returns nil.
func Permanent(err error, providerCode string) error {
	return classify(err, ClassPermanent, 0, providerCode)
}

// Auth marks err as a credentials problem the user has to fix. A nil err
// returns nil.
func Auth(err error) error {
	return classify(err, ClassAuth, 0, "")
}

// ClassOf reports the class of err, its retry-after hint and its provider
// code, looking through wrapped errors; the outermost classification wins.
// An error without a class is retryable, and nil is [ClassNone].
func ClassOf(err error) (c Class, retryAfter time.Duration, providerCode string) {
	if err == nil {
		return ClassNone, 0, ""
	}
	var ce *classified
	if errors.As(err, &ce) {
		return ce.class, ce.retryAfter, ce.code
	}
	return ClassRetryable, 0, ""
}
