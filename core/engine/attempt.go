package engine

import (
	"context"
	"errors"

	"github.com/masteria/masteria/sdk"
)

// A plugin call learns from its context whether the engine will make it
// again should it fail: a wrapper that records what a step did (the
// inbox's BotSends) records a failure once, on the step's last try, and
// never a failure the next try may undo.

type tryKey struct{}

// try is the step a plugin call runs for, and which of its attempts
// (0 for the first).
type try struct {
	step    *PlanStep
	attempt int
}

// withTry is ctx for a plugin call of attempt of ps.
func withTry(ctx context.Context, ps *PlanStep, attempt int) context.Context {
	if ps == nil {
		return ctx
	}
	return context.WithValue(ctx, tryKey{}, try{step: ps, attempt: attempt})
}

// WillRetry says whether the engine runs the step again after the plugin
// call given ctx fails with err: for a passing error (retryable, rate
// limited) before the step's last attempt, unless it is a timeout the
// step's on_timeout takes; and for any error while the engine stops (the
// step runs again after the restart, with the same idempotency key).
// Outside an engine's step, a passing error is taken to be retried, as a
// caller that retries passing errors would. nil: false.
func WillRetry(ctx context.Context, err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		return true
	}
	t, ok := ctx.Value(tryKey{}).(try)
	if !ok {
		return passing(err)
	}
	return retries(t.step, t.attempt, err)
}

// retries is the engine's retry rule: whether attempt of ps, failed
// with err, is tried again.
func retries(ps *PlanStep, attempt int, err error) bool {
	if errors.Is(err, context.DeadlineExceeded) && ps.OnTimeout != noTarget {
		return false // the on_timeout branch
	}
	return passing(err) && attempt+1 < ps.Retry.MaxAttempts
}

// passing says whether err may pass: a retryable or rate-limited error.
func passing(err error) bool {
	class, _, _ := sdk.ClassOf(err)
	return class == sdk.ClassRetryable || class == sdk.ClassRateLimited
}
