package engine

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/store"
)

// WaitSettled returns the run once it completes, fails, is cancelled or
// parks on a wait, or ctx ends. Runs executed by this process notify at
// once; runs on another instance are seen by polling the store.
func (e *Engine) WaitSettled(ctx context.Context, tenantID, runID string) (store.Run, error) {
	e.init()
	ch := make(chan store.Run, 1)
	e.waiters.Store(runID, ch)
	defer e.waiters.Delete(runID)
	poll := time.NewTicker(250 * time.Millisecond)
	defer poll.Stop()
	for {
		select {
		case r := <-ch:
			return r, nil
		case <-poll.C:
			r, err := e.Store.GetRun(ctx, tenantID, runID)
			if err != nil || r.Status != store.RunReady {
				return r, err
			}
		case <-ctx.Done():
			return store.Run{}, ctx.Err()
		}
	}
}

// settled tells a waiter that its run stopped moving.
func (e *Engine) settled(r store.Run) {
	if ch, ok := e.waiters.LoadAndDelete(r.ID); ok {
		ch.(chan store.Run) <- r
	}
}
