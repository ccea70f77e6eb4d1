package campaigns

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/masteria/masteria/core/store"
)

// job is a claimed row cleared to go.
type job struct {
	row  store.Send
	live *live
}

// ahead is the longest a claimed row may wait for pacing in memory;
// longer waits go back to the ledger with their time.
const ahead = time.Second

// dispatcher is one run of the claim → pace → send → record pipeline.
type dispatcher struct {
	s       *Service
	jobs    chan job
	results chan result
	pending atomic.Int64 // claimed rows not yet recorded
	done    chan struct{}
	batch   int // rows per claim, adapting to how many must go back
	delayed sync.WaitGroup
}

// dispatch sends due ledger rows until ctx ends. On SQLite (one process
// owns the file) leases left by a dead process are dropped at once; on
// Postgres they expire. Either way a row whose attempt was in flight comes
// back with in_flight above 1 and is settled before it is resent.
func (s *Service) dispatch(ctx context.Context) {
	if s.Store.Driver() == "sqlite" {
		if err := s.Store.ClearSendLeases(ctx); err != nil {
			s.Log.Warn("clear send leases", "err", err)
		}
	}
	d := &dispatcher{s: s, jobs: make(chan job, s.Calls), results: make(chan result, 4*s.Batch),
		done: make(chan struct{}, 1), batch: s.Batch}
	var workers sync.WaitGroup
	for i := 0; i < s.Calls; i++ {
		workers.Go(func() {
			for j := range d.jobs {
				d.results <- s.dispatchOne(ctx, j)
			}
		})
	}
	recorded := make(chan struct{})
	go func() { d.record(context.WithoutCancel(ctx)); close(recorded) }()
	d.claimLoop(ctx)
	d.delayed.Wait()
	close(d.jobs)
	workers.Wait()
	close(d.results)
	<-recorded
}

// dispatchOne sends a job unless, since it was routed, the process began
// to stop (the row goes back untouched) or its campaign was paused or
// cancelled.
func (s *Service) dispatchOne(ctx context.Context, j job) result {
	if ctx.Err() != nil {
		return release(j.row, j.live, claimed(j.row))
	}
	// A row that waited here too long is not tried: once its lease runs
	// out, a claim (this process's own included) may take it again and
	// send it too. With half the lease left it goes back (nobody else can
	// hold it yet); with none left it is left alone for that claim, which
	// sees the attempt counted in flight and settles it before sending.
	switch left := j.row.LeaseUntil.Sub(s.Now()); {
	case left <= 0:
		return result{row: j.row, live: j.live, lapsed: true}
	case left < s.Lease/2:
		return release(j.row, j.live, claimed(j.row))
	}
	l, err := s.live(ctx, j.row.TenantID, j.row.CampaignID)
	switch {
	case err != nil:
		return release(j.row, j.live, s.Now().Add(time.Second))
	case l.c.Status == store.CampaignCancelled:
		return s.settleCancelled(ctx, j.row, l)
	case l.c.Status != store.CampaignRunning:
		return release(j.row, l, claimed(j.row))
	}
	return s.attempt(ctx, j.row, l)
}

// claimLoop claims as many rows as the pipeline has room for.
func (d *dispatcher) claimLoop(ctx context.Context) {
	s := d.s
	limit := int64(2 * s.Batch)
	for ctx.Err() == nil {
		if free := limit - d.pending.Load(); free < int64(d.batch/2+1) {
			d.waitRecorded(ctx)
			continue
		}
		now := s.Now()
		rows, err := s.Store.ClaimSends(ctx, s.Owner, now, now.Add(s.Lease), d.batch)
		if err != nil {
			if ctx.Err() == nil {
				s.Log.Warn("claim sends", "err", err)
				sleepCtx(ctx, time.Second)
			}
			continue
		}
		if len(rows) == 0 {
			d.idle(ctx)
			continue
		}
		d.pending.Add(int64(len(rows)))
		released := d.route(ctx, rows)
		d.adapt(len(rows), released)
	}
}

// adapt halves the claim when most rows had to go back (a slow sender)
// and grows it again when they all went.
func (d *dispatcher) adapt(claimed, released int) {
	switch {
	case released*2 > claimed:
		d.batch = max(16, d.batch/2)
	case released == 0 && claimed == d.batch:
		d.batch = min(d.s.Batch, d.batch*2)
	}
}

func (d *dispatcher) waitRecorded(ctx context.Context) {
	t := time.NewTimer(50 * time.Millisecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-d.done:
	case <-t.C:
	}
}

// idle sleeps until the next row is due, new rows are signalled, or 1s.
func (d *dispatcher) idle(ctx context.Context) {
	wait := time.Second
	if next, err := d.s.Store.NextSendDue(ctx); err == nil && !next.IsZero() {
		wait = min(wait, max(next.Sub(d.s.Now()), 5*time.Millisecond))
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-d.s.wakeSend:
	case <-t.C:
	}
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
