package sdktest

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
)

// CrashCheck is the check a runtime that runs plugins out of process adds
// to Options.Checks. crash makes the plugin's process die as a crash would
// (the go-plugin runtime kills it). With a Blocking input in flight, the
// call must fail promptly (within Options.CancelGrace) and classed
// retryable, so the engine runs the step again; then, once the runtime has
// restarted the plugin, the first sample input of every action must
// succeed on the same opened plugin.
func CrashCheck(crash func(t *testing.T)) Check {
	return Check{Name: "crash", Run: func(t *testing.T, e Env) { e.checkCrash(t, crash) }}
}

func (e Env) checkCrash(t *testing.T, crash func(t *testing.T)) {
	if len(e.Options.Blocking) == 0 {
		t.Skip("no Options.Blocking input to have in flight during the crash")
	}
	handlers := e.Open(t).Actions()
	id := slices.Sorted(maps.Keys(e.Options.Blocking))[0]
	spec, ok := e.Manifest.Action(id)
	if !ok {
		t.Fatalf("Options.Blocking names %q, which the manifest does not declare", id)
	}
	in := parseInputs(t, spec, []map[string]any{e.Options.Blocking[id]})[0]
	e.crashInFlight(t, handler(t, handlers, id), in, crash)
	for _, spec := range e.Manifest.Actions {
		if raws := e.Options.Inputs[spec.ID]; len(raws) > 0 {
			in := parseInputs(t, spec, raws[:1])[0]
			if err := invokeOnce(handler(t, handlers, spec.ID), spec, in, 0); err != nil {
				t.Errorf("%s after the crash: %v", spec.ID, err)
			}
		}
	}
}

func (e Env) crashInFlight(t *testing.T, a sdk.Action, in sdk.Input, crash func(t *testing.T)) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- guard(func() error { _, err := a.Invoke(ctx, in); return err })
	}()
	select {
	case err := <-done:
		t.Fatalf("returned before the crash (err = %v); a Blocking input must block until its context is done", err)
	case <-time.After(blockProbe):
	}
	crash(t)
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("the call in flight during the crash succeeded")
		}
		if c, _, _ := sdk.ClassOf(err); c != sdk.ClassRetryable {
			t.Errorf("the call in flight during the crash is classed %v (%v); it must be retryable so the step runs again", c, err)
		}
	case <-time.After(e.Options.CancelGrace):
		t.Fatalf("the call in flight is still running %v after the crash", e.Options.CancelGrace)
	}
}
