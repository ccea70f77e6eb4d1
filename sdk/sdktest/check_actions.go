package sdktest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
)

// callTimeout bounds each sample call, so a hung action fails its test
// with a clear message instead of stalling the run.
const callTimeout = 30 * time.Second

// blockProbe is how long a Blocking input must stay blocked before the
// suite cancels it.
const blockProbe = 20 * time.Millisecond

// checkActions: every declared action has a handler and no handler is
// undeclared; each sample input, invoked Concurrency times at once,
// succeeds with output matching the declared Output fields.
func (e Env) checkActions(t *testing.T) {
	if len(e.Manifest.Actions) == 0 {
		t.Skip("the plugin declares no actions")
	}
	handlers := e.Open(t).Actions()
	for _, id := range slices.Sorted(maps.Keys(handlers)) {
		if _, ok := e.Manifest.Action(id); !ok {
			t.Errorf("Actions() returns %q, which the manifest does not declare", id)
		}
	}
	for _, spec := range e.Manifest.Actions {
		t.Run(spec.ID, func(t *testing.T) {
			a := handler(t, handlers, spec.ID)
			raws := e.Options.Inputs[spec.ID]
			if len(raws) == 0 {
				t.Fatalf("no sample input for %q: add one to Options.Inputs", spec.ID)
			}
			e.invokeConcurrently(t, a, spec, parseInputs(t, spec, raws))
		})
	}
}

func handler(t *testing.T, handlers map[string]sdk.Action, id string) sdk.Action {
	t.Helper()
	a := handlers[id]
	if a == nil {
		t.Fatalf("the manifest declares %q but Actions() has no handler for it", id)
	}
	return a
}

func parseInputs(t *testing.T, spec sdk.ActionSpec, raws []map[string]any) []sdk.Input {
	t.Helper()
	ins := make([]sdk.Input, len(raws))
	for i, raw := range raws {
		in, err := spec.ParseInput(raw)
		if err != nil {
			t.Fatalf("sample input %d does not match the action's Input fields:\n%v", i, err)
		}
		in.IdempotencyKey, in.RunID, in.StepID = fmt.Sprintf("sdktest-%d", i), "sdktest-run", "sdktest-step"
		ins[i] = in
	}
	return ins
}

func (e Env) invokeConcurrently(t *testing.T, a sdk.Action, spec sdk.ActionSpec, ins []sdk.Input) {
	errs := make(chan error, e.Options.Concurrency*len(ins))
	var wg sync.WaitGroup
	for range e.Options.Concurrency {
		for i, in := range ins {
			wg.Go(func() { errs <- invokeOnce(a, spec, in, i) })
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func invokeOnce(a sdk.Action, spec sdk.ActionSpec, in sdk.Input, i int) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	var out sdk.Output
	err := guard(func() (err error) {
		out, err = a.Invoke(ctx, in)
		return err
	})
	if err != nil {
		return fmt.Errorf("input %d: %w", i, err)
	}
	if errs := spec.Output.Validate(out.Values); errs != nil {
		return fmt.Errorf("input %d: output does not match the declared Output fields:\n%v", i, errs)
	}
	return nil
}

// checkCancellation: an action blocked on a Blocking input returns
// promptly with the context's error, still classed retryable, once its
// context is cancelled.
func (e Env) checkCancellation(t *testing.T) {
	if len(e.Options.Blocking) == 0 {
		t.Skip("no Options.Blocking inputs")
	}
	handlers := e.Open(t).Actions()
	for _, id := range slices.Sorted(maps.Keys(e.Options.Blocking)) {
		t.Run(id, func(t *testing.T) {
			spec, ok := e.Manifest.Action(id)
			if !ok {
				t.Fatalf("Options.Blocking names %q, which the manifest does not declare", id)
			}
			in := parseInputs(t, spec, []map[string]any{e.Options.Blocking[id]})[0]
			e.cancelBlocked(t, handler(t, handlers, id), in)
		})
	}
}

func (e Env) cancelBlocked(t *testing.T, a sdk.Action, in sdk.Input) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- guard(func() error { _, err := a.Invoke(ctx, in); return err })
	}()
	select {
	case err := <-done:
		t.Fatalf("returned before its context was cancelled (err = %v); a Blocking input must block until the context is done", err)
	case <-time.After(blockProbe):
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("after cancellation Invoke returned %v, want an error wrapping context.Canceled", err)
		}
		if c, _, _ := sdk.ClassOf(err); c != sdk.ClassRetryable {
			t.Errorf("a cancelled call is classed %v; it must stay retryable so the step runs again", c)
		}
	case <-time.After(e.Options.CancelGrace):
		t.Fatalf("Invoke still running %v after its context was cancelled", e.Options.CancelGrace)
	}
}
