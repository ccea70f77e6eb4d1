package plugin

import (
	"context"
	"sync/atomic"

	"github.com/nats-io/nats.go"
)

const (
	// maxServedCalls bounds the action calls one instance runs at once.
	maxServedCalls = 1024
	// callQueue is how many calls may wait for a worker; past it the bus
	// client drops calls (slow consumer) and their callers time out.
	callQueue = 8192
	// minIdleWorkers is how many workers wait for calls when none run.
	minIdleWorkers = 4
)

// callPool runs the action calls ServeActions receives. The bus client
// hands each call straight to an idle worker, one hand-off between
// goroutines as a subscription's own goroutine would cost; a worker that
// takes the last idle slot starts another before it runs its call, so
// calls never queue behind a running one while fewer than maxServedCalls
// run, and workers beyond minIdleWorkers idle end once their call is done.
type callPool struct {
	m       *Manager
	calls   chan *nats.Msg
	actions map[string]string // call subject → action ID; read-only once serving
	own     map[string]bool   // this instance's own call subjects; read-only once serving

	idle, workers atomic.Int32
}

func (p *callPool) grow(ctx context.Context) {
	if p.workers.Add(1) > maxServedCalls {
		p.workers.Add(-1)
		return
	}
	go p.work(ctx)
}

func (p *callPool) work(ctx context.Context) {
	defer p.workers.Add(-1)
	for {
		p.idle.Add(1)
		var msg *nats.Msg
		select {
		case msg = <-p.calls:
		case <-ctx.Done():
			p.idle.Add(-1)
			return
		}
		if p.idle.Add(-1) == 0 {
			p.grow(ctx)
		}
		p.m.serveCall(ctx, p.actions[msg.Subject], p.own[msg.Subject], msg)
		if p.idle.Load() >= minIdleWorkers {
			return
		}
	}
}
