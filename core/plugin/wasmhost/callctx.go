package wasmhost

import (
	"context"
	"sync"
	"time"
)

// callCtx is the context of one call into an instance: the caller's
// context with the call's time limit, carrying the instance for its host
// functions. It replaces context.WithTimeoutCause + context.AfterFunc +
// context.WithValue, which cost a trivial call about 2 µs (a new runtime
// timer, a registration with the parent, three allocations): the limit
// runs on the instance's one timer, re-armed per call, and Done makes its
// channel only when something waits on it (a sleeping module, a host
// function's HTTP request).
type callCtx struct {
	context.Context // the caller's
	in              *instance
	deadline        time.Time
	limitCause      error // what passing the deadline means: errTimeLimit, or the caller's own deadline

	mu    sync.Mutex
	done  chan struct{} // made by the first Done
	err   error         // set when the call's context ends
	cause error
	// stopParent undoes the watch on the caller's context, if any.
	stopParent func() bool
}

// limit puts a call under the time limit: when the caller's context ends
// or the time is up, the call's context ends, the instance's interrupt
// global is set and the module traps at its next loop. The caller must
// end the returned context.
func (m *Module) limit(parent context.Context, in *instance) *callCtx {
	c := &callCtx{Context: parent, in: in, deadline: time.Now().Add(m.opts.CallTimeout), limitCause: errTimeLimit}
	if d, ok := parent.Deadline(); ok && d.Before(c.deadline) {
		c.deadline, c.limitCause = d, context.DeadlineExceeded
	}
	in.imu.Lock()
	in.call = c
	in.imu.Unlock()
	if in.timer == nil {
		in.timer = time.AfterFunc(time.Until(c.deadline), in.expire)
	} else {
		in.timer.Reset(time.Until(c.deadline))
	}
	if parent.Done() != nil {
		c.stopParent = context.AfterFunc(parent, func() { in.stop(c, parent.Err(), context.Cause(parent)) })
	}
	return c
}

// end ends the call's limit; it reports whether the interrupt was set, in
// which case the instance is spent even if the call got through.
func (c *callCtx) end() (tripped bool) {
	c.in.timer.Stop()
	if c.stopParent != nil {
		c.stopParent()
	}
	c.in.imu.Lock()
	c.in.call = nil
	tripped = c.in.tripped
	c.in.imu.Unlock()
	c.finish(context.Canceled, context.Canceled)
	return tripped
}

// expire is the instance timer's function. A timer that fired as its call
// ended may run during the next call: that call's deadline is still ahead,
// so it is left alone.
func (in *instance) expire() {
	in.imu.Lock()
	c := in.call
	in.imu.Unlock()
	if c != nil && !time.Now().Before(c.deadline) {
		in.stop(c, context.DeadlineExceeded, c.limitCause)
	}
}

// stop ends call c, if it is still the instance's, and interrupts it. The
// context ends first: the module may trap as soon as the interrupt is set,
// and the call's error is read from the context (a time limit, or the
// caller's own cancellation, not a crash). Lock order: imu, then c.mu.
func (in *instance) stop(c *callCtx, err, cause error) {
	in.imu.Lock()
	defer in.imu.Unlock()
	if in.call == c {
		in.tripped = true
		c.finish(err, cause)
		in.interrupt.Set(1)
	}
}

// finish records why the context ended, the first time, and wakes its
// waiters.
func (c *callCtx) finish(err, cause error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return
	}
	c.err, c.cause = err, cause
	if c.done != nil {
		close(c.done)
	}
}

func (c *callCtx) Deadline() (time.Time, bool) { return c.deadline, true }

func (c *callCtx) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done == nil {
		c.done = make(chan struct{})
		if c.err != nil {
			close(c.done)
		}
	}
	return c.done
}

func (c *callCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *callCtx) Value(key any) any {
	if key == (instanceKey{}) {
		return c.in
	}
	return c.Context.Value(key)
}

// causeOf is context.Cause for a call's context too: context.Cause knows
// only the context package's own, and reads a call's context as its Err.
// Use it, not context.Cause, on a call's context.
func causeOf(ctx context.Context) error {
	if c, ok := ctx.(*callCtx); ok {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.cause
	}
	return context.Cause(ctx)
}
