package inbox

import (
	"fmt"
	"runtime"
	"sync"
)

// groupCommit commits concurrent calls together (group commit). The first
// caller leads: it takes every waiting call, up to a limit, commits them in
// one transaction, and hands the lead to the next waiting caller, if any.
// Under a burst of webhooks the transaction overhead (and on Postgres, the
// commit's fsync) is paid once per batch instead of once per call; a lone
// call waits for nobody. Receive (inbound messages) and ApplyStatus
// (delivery reports) each have one.
type groupCommit[P member] struct {
	mu      sync.Mutex
	queue   []P
	leading bool
	busy    bool // the last batch held more than one call
}

// member is a call waiting in a group: a pointer to a struct embedding
// slot, which fail gives an error as its result.
type member interface {
	groupSlot() *slot
	fail(err error)
}

// slot is what a group needs of each waiting call.
type slot struct {
	// done is closed when the call's batch is committed, or earlier with
	// lead set when this caller must lead the next batch.
	done chan struct{}
	lead bool
}

func (s *slot) groupSlot() *slot { return s }

// join queues p and returns once p's batch (of at most limit calls) is
// committed: by commit, run by whichever caller leads, which may be this
// one. commit sets each call's own result and error.
func (g *groupCommit[P]) join(p P, limit int, commit func(batch []P)) {
	me := p.groupSlot()
	me.done = make(chan struct{})
	g.mu.Lock()
	g.queue = append(g.queue, p)
	if g.leading {
		g.mu.Unlock()
		<-me.done
		if !me.lead {
			return
		}
		g.mu.Lock() // the lead was handed over; p heads the queue
	}
	g.leading = true
	if len(g.queue) == 1 && g.busy {
		// Alone, but the last batch was not: others are likely on their
		// way (their webhooks are being verified), and a transaction of
		// one costs nearly what one of many does. Let them in first.
		g.mu.Unlock()
		runtime.Gosched()
		g.mu.Lock()
	}
	n := min(len(g.queue), max(limit, 1))
	g.busy = n > 1
	batch := append([]P(nil), g.queue[:n]...)
	g.queue = append(g.queue[:0], g.queue[n:]...)
	g.mu.Unlock()

	defer g.handOver(me, batch)
	defer func() { // a panic fails the batch instead of stranding the group
		if r := recover(); r != nil {
			err := fmt.Errorf("group commit: %v", r)
			for _, q := range batch {
				q.fail(err)
			}
		}
	}()
	commit(batch)
}

// handOver gives the lead to the next waiting caller, if any, and
// releases the batch's other callers.
func (g *groupCommit[P]) handOver(me *slot, batch []P) {
	g.mu.Lock()
	if len(g.queue) > 0 {
		next := g.queue[0].groupSlot()
		next.lead = true
		close(next.done)
	} else {
		g.leading = false
	}
	g.mu.Unlock()
	for _, q := range batch {
		if s := q.groupSlot(); s != me {
			close(s.done)
		}
	}
}
