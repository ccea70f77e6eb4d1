package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/store"
)

// Engine runs flows durably on the store. Start it with Run; it leases due
// runs, executes them step by step (each step committed before the next),
// and parks them on stored timers and waits.
type Engine struct {
	Store   store.Store
	Interp  *Interp
	Log     *slog.Logger
	Owner   string        // lease owner name, default host:pid
	Workers int           // runs executed at once, default 256
	Lease   time.Duration // how long a leased run is ours, default 2m
	Now     func() time.Time

	plans   sync.Map // flowID:version → *Plan
	waiters sync.Map // run ID → chan store.Run (WaitSettled)
	wakeUp  chan struct{}
	commit  *committer
	once    sync.Once
}

func (e *Engine) init() {
	e.once.Do(func() {
		if e.Owner == "" {
			host, _ := os.Hostname()
			e.Owner = fmt.Sprintf("%s:%d", host, os.Getpid())
		}
		if e.Workers <= 0 {
			e.Workers = 256
		}
		if e.Lease <= 0 {
			e.Lease = 2 * time.Minute
		}
		if e.Now == nil {
			e.Now = store.Now // runs and traces are stamped as the store keeps times
		}
		if e.Log == nil {
			e.Log = slog.Default()
		}
		e.wakeUp = make(chan struct{}, 1)
		e.commit = newCommitter(e.Store)
	})
}

// Run executes runs until ctx ends. On SQLite (one process owns the file)
// leases left by a previous process are cleared at once; on Postgres they
// expire.
func (e *Engine) Run(ctx context.Context) error {
	e.init()
	if e.Store.Driver() == "sqlite" {
		if err := e.Store.ClearLeases(ctx); err != nil {
			return err
		}
	}
	work := make(chan store.Run, e.Workers)
	var wg sync.WaitGroup
	commitCtx, stopCommit := context.WithCancel(context.Background())
	// SQLite has one writer; Postgres overlaps commits (while one batch
	// waits on its WAL flush the next is already on the wire).
	committers := 1
	if e.Store.Driver() == "postgres" {
		committers = 4
	}
	for i := 0; i < committers; i++ {
		go e.commit.run(commitCtx)
	}
	for i := 0; i < e.Workers; i++ {
		wg.Go(func() {
			for r := range work {
				e.execute(ctx, r)
			}
		})
	}
	e.schedule(ctx, work)
	close(work)
	wg.Wait()
	stopCommit()
	return nil
}

// schedule leases due runs and hands them to the workers.
func (e *Engine) schedule(ctx context.Context, work chan<- store.Run) {
	batch := e.Workers * 4
	for ctx.Err() == nil {
		now := e.Now()
		runs, err := e.Store.LeaseDueRuns(ctx, e.Owner, now, now.Add(e.Lease), batch)
		if err != nil && ctx.Err() == nil {
			e.Log.Warn("lease due runs", "err", err)
			sleepCtx(ctx, time.Second)
			continue
		}
		for _, r := range runs {
			select {
			case work <- r:
			case <-ctx.Done():
				return
			}
		}
		if len(runs) == batch {
			continue
		}
		e.idle(ctx)
	}
}

// idle sleeps until the next timer is due, a new run is signalled, or 1s.
func (e *Engine) idle(ctx context.Context) {
	wait := time.Second
	if next, err := e.Store.NextWake(ctx); err == nil && !next.IsZero() {
		wait = min(wait, max(time.Until(next), time.Millisecond))
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-e.wakeUp:
	case <-t.C:
	}
}

// Notify wakes the scheduler (a run became due now).
func (e *Engine) Notify() {
	e.init()
	select {
	case e.wakeUp <- struct{}{}:
	default:
	}
}

// Plan returns the compiled plan of a flow version, cached.
func (e *Engine) Plan(ctx context.Context, tenantID, flowID string, version int) (*Plan, error) {
	key := fmt.Sprintf("%s:%d", flowID, version)
	if p, ok := e.plans.Load(key); ok {
		return p.(*Plan), nil
	}
	v, err := e.Store.GetFlowVersion(ctx, tenantID, flowID, version)
	if err != nil {
		return nil, err
	}
	f, diags := flow.Parse(flowID+".yaml", []byte(v.Source))
	if len(diags) > 0 {
		return nil, fmt.Errorf("flow %s v%d: %s", flowID, version, diags[0])
	}
	p, err := Compile(f)
	if err != nil {
		return nil, err
	}
	e.plans.Store(key, p)
	return p, nil
}

// position loads a run's plan and state.
func (e *Engine) position(ctx context.Context, r store.Run) (*Position, error) {
	plan, err := e.Plan(ctx, r.TenantID, r.FlowID, r.Version)
	if err != nil {
		return nil, err
	}
	st, err := decodeState(r.State)
	if err != nil {
		return nil, err
	}
	return &Position{TenantID: r.TenantID, RunID: r.ID, Plan: plan, State: st, Cursor: r.Cursor, Steps: r.Steps}, nil
}

// apply writes a position back into the run row.
func apply(r *store.Run, p *Position, now time.Time) error {
	raw, err := json.Marshal(p.State)
	if err != nil {
		return err
	}
	r.State, r.Cursor, r.Steps, r.UpdatedAt = raw, p.Cursor, p.Steps, now
	r.WaitKind, r.WaitKey, r.WakeAt = "", "", nil
	switch {
	case r.Status == store.RunFailed || r.Status == store.RunCancelled:
	case p.State.Wait != nil:
		r.Status, r.WaitKind, r.WaitKey, r.WakeAt = store.RunWaiting, p.State.Wait.Kind, p.State.Wait.Key, p.State.Wait.Until
	case p.Cursor == cursorEnd:
		r.Status = store.RunCompleted
	default:
		r.Status, r.WakeAt = store.RunReady, &now
	}
	return nil
}

func sleepCtx(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
