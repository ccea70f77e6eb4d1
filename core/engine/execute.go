package engine

import (
	"context"
	"errors"
	"time"

	"github.com/masteria/masteria/core/store"
)

// execute runs a leased run until it parks, ends, fails or loses its lease
// to a concurrent change (a reply, a cancel): that change wins and the run
// is picked up again from what was committed.
func (e *Engine) execute(ctx context.Context, r store.Run) {
	p, err := e.position(ctx, r)
	if err != nil {
		e.failRun(ctx, r, err.Error())
		return
	}
	if r.Status == store.RunWaiting && p.State.Wait != nil {
		human, err := e.underHuman(ctx, r, p)
		if err != nil {
			e.Log.Warn("check the conversation's handler", "run", r.ID, "err", err)
			return // the lease runs out and the timer is tried again
		}
		if human {
			e.save(ctx, &r, p, handedToHuman(&r, p, e.Now()))
			return
		}
		wake(p) // its timer came due
	}
	for ctx.Err() == nil {
		if p.Cursor == cursorEnd {
			e.save(ctx, &r, p, nil)
			return
		}
		now := e.Now()
		out := e.Interp.Step(ctx, p, now)
		if ctx.Err() != nil {
			return // shutting down mid-step: the step re-runs after restart, same idempotency key
		}
		if out.Failed != "" {
			r.Status, r.Error = store.RunFailed, out.Failed
		}
		if !e.save(ctx, &r, p, []store.RunStep{out.Trace}) || out.Parked || out.Failed != "" {
			return
		}
	}
}

// save commits the position; false when the run must not go on (conflict,
// error, or it is over).
func (e *Engine) save(ctx context.Context, r *store.Run, p *Position, trace []store.RunStep) bool {
	now := e.Now()
	if err := apply(r, p, now); err != nil {
		e.Log.Error("encode run state", "run", r.ID, "err", err)
		return false
	}
	final := r.Status != store.RunReady
	if final {
		r.LeaseOwner, r.LeaseUntil = "", time.Time{}
	}
	for i := range trace {
		trace[i].TenantID = r.TenantID
	}
	err := e.commit.save(ctx, *r, trace)
	if errors.Is(err, store.ErrConflict) {
		return false
	}
	if err != nil {
		if ctx.Err() == nil {
			e.Log.Warn("commit step", "run", r.ID, "err", err)
		}
		return false
	}
	r.Rev++
	if final {
		e.settled(*r)
	}
	return !final
}

func (e *Engine) failRun(ctx context.Context, r store.Run, msg string) {
	r.Status, r.Error, r.WakeAt, r.UpdatedAt = store.RunFailed, msg, nil, e.Now()
	r.LeaseOwner, r.LeaseUntil = "", time.Time{}
	if err := e.commit.save(ctx, r, nil); err != nil && ctx.Err() == nil {
		e.Log.Warn("fail run", "run", r.ID, "err", err)
	}
}
