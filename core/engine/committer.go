package engine

import (
	"context"

	"github.com/masteria/masteria/core/store"
)

// committer is group commit: workers hand it a step's run row and trace and
// wait; it writes everything queued in one transaction. Each step is still
// committed before its run moves on, but many runs share one commit.
type committer struct {
	store store.Store
	queue chan *commitReq
	max   int
}

type commitReq struct {
	run   store.Run
	trace []store.RunStep
	done  chan error
}

func newCommitter(s store.Store) *committer {
	return &committer{store: s, queue: make(chan *commitReq, 4096), max: 512}
}

// save queues r and waits for its commit. ErrConflict means another
// writer moved the run since it was read.
func (c *committer) save(ctx context.Context, r store.Run, trace []store.RunStep) error {
	req := &commitReq{run: r, trace: trace, done: make(chan error, 1)}
	select {
	case c.queue <- req:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-req.done
}

// run commits batches until ctx ends, then fails what is left.
func (c *committer) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			c.drainWith(ctx.Err())
			return
		case first := <-c.queue:
			c.commit(append(make([]*commitReq, 0, 64), first))
		}
	}
}

func (c *committer) commit(batch []*commitReq) {
	for len(batch) < c.max {
		select {
		case r := <-c.queue:
			batch = append(batch, r)
			continue
		default:
		}
		break
	}
	saves := make([]store.RunSave, len(batch))
	for i, r := range batch {
		saves[i] = store.RunSave{Run: r.run, Trace: r.trace}
	}
	conflicts, err := c.store.SaveRuns(context.Background(), saves)
	for i, r := range batch {
		if err != nil {
			r.done <- err
		} else {
			r.done <- conflicts[i]
		}
	}
}

func (c *committer) drainWith(err error) {
	for {
		select {
		case r := <-c.queue:
			r.done <- err
		default:
			return
		}
	}
}
