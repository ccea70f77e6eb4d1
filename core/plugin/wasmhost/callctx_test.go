package wasmhost

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tetratelabs/wazero/api"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/wasm/abi"
)

// started is an instance of the example module, not yet in a call.
func started(t *testing.T, timeout time.Duration) (*Module, *instance) {
	t.Helper()
	m := load(t, Options{CallTimeout: timeout})
	in, err := m.instantiate(context.Background(), &abi.Services{Host: sdk.Permissions{}.Restrict(sdk.Host{})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.close)
	return m, in
}

// TestCallContextEnds: a call's context carries its instance and deadline,
// makes Done only when asked, and ends with the call.
func TestCallContextEnds(t *testing.T) {
	m, in := started(t, time.Minute)
	c := m.limit(context.Background(), in)
	if instanceOf(c) != in {
		t.Fatal("the call's context does not carry its instance")
	}
	if d, ok := c.Deadline(); !ok || time.Until(d) < 50*time.Second {
		t.Fatalf("deadline = %v, %v; want a minute ahead", d, ok)
	}
	if c.done != nil {
		t.Fatal("Done's channel was made before anything waited on it")
	}
	done := c.Done()
	if c.Err() != nil {
		t.Fatalf("Err = %v during the call", c.Err())
	}
	if c.end() {
		t.Fatal("a call that ended in time tripped its instance")
	}
	select {
	case <-done:
	default:
		t.Fatal("Done is still open after the call ended")
	}
	if !errors.Is(c.Err(), context.Canceled) || in.isTripped() {
		t.Fatalf("after the call: Err = %v, tripped = %v", c.Err(), in.isTripped())
	}
}

// TestCallContextTimeLimit: at the deadline the context ends with the time
// limit as its cause and the instance is interrupted; a stale firing of
// the instance's timer during a later call leaves that call alone.
func TestCallContextTimeLimit(t *testing.T) {
	m, in := started(t, time.Minute)
	m.opts.CallTimeout = 20 * time.Millisecond // once started
	c := m.limit(context.Background(), in)
	select {
	case <-c.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the time limit never ended the call's context")
	}
	if !errors.Is(causeOf(c), errTimeLimit) || !errors.Is(c.Err(), context.DeadlineExceeded) {
		t.Fatalf("cause = %v, err = %v", causeOf(c), c.Err())
	}
	if !c.end() || in.interrupt.Get() != 1 {
		t.Fatal("the instance was not interrupted")
	}

	m, in = started(t, time.Minute)
	next := m.limit(context.Background(), in)
	in.expire() // the timer of a call that ended, firing late
	if next.Err() != nil || in.isTripped() {
		t.Fatalf("a stale timer ended the next call: err = %v, tripped = %v", next.Err(), in.isTripped())
	}
	next.end()
}

// TestCallContextFollowsItsCaller: the caller's cancellation ends the call
// with the caller's cause, and an earlier caller deadline is the call's.
func TestCallContextFollowsItsCaller(t *testing.T) {
	m, in := started(t, time.Minute)
	parent, cancel := context.WithCancelCause(context.Background())
	c := m.limit(parent, in)
	gone := errors.New("caller gone")
	cancel(gone)
	select {
	case <-c.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("cancelling the caller did not end the call")
	}
	if !errors.Is(causeOf(c), gone) || !in.isTripped() {
		t.Fatalf("cause = %v, tripped = %v", causeOf(c), in.isTripped())
	}
	c.end()

	m, in = started(t, time.Minute)
	soon, stop := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer stop()
	c = m.limit(soon, in)
	<-c.Done()
	if errors.Is(causeOf(c), errTimeLimit) || !errors.Is(c.Err(), context.DeadlineExceeded) {
		t.Fatalf("the caller's deadline reads as cause %v, err %v", causeOf(c), c.Err())
	}
	c.end()
}

// TestCallContextEndsBeforeTheInterrupt: when a call is stopped, its
// context has ended by the time the interrupt is set (the module may trap
// at once), so the call's error reads as the time limit or the caller's,
// never as a crash.
func TestCallContextEndsBeforeTheInterrupt(t *testing.T) {
	m, in := started(t, time.Minute)
	c := m.limit(context.Background(), in)
	var errAtSet, causeAtSet error
	in.interrupt = spyGlobal{in.interrupt, func() { errAtSet, causeAtSet = c.Err(), causeOf(c) }}
	c.deadline = time.Now()
	in.expire()
	c.end()
	if errAtSet == nil || !errors.Is(causeAtSet, errTimeLimit) {
		t.Fatalf("interrupt set while err = %v, cause = %v", errAtSet, causeAtSet)
	}
}

// spyGlobal calls onSet as the interrupt global is set.
type spyGlobal struct {
	api.MutableGlobal
	onSet func()
}

func (g spyGlobal) Set(v uint64) {
	g.onSet()
	g.MutableGlobal.Set(v)
}
