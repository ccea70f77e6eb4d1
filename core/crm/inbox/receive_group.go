package inbox

import (
	"context"

	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/store"
)

// maxReceiveBatch bounds how many inbound messages share a transaction.
const maxReceiveBatch = 64

// pendingReceive is a Receive call waiting in the group. Each step of a
// batch is one set-based statement (receiveSet), which is what makes the
// group commit pay on Postgres too, where every statement is a round
// trip: with 64 writers, BenchmarkInboxReceive/postgres went from 411
// msgs/s (a transaction per message, side by side) to 1,037 (one shared
// batch at a time); with 4 writers the two are even. A batch that fails
// is retried one message per transaction, so one bad message fails alone.
type pendingReceive struct {
	slot
	ctx      context.Context
	tenantID string
	in       arrival
	out      Received
	err      error
}

func (p *pendingReceive) fail(err error) { p.out, p.err = Received{}, err }

// receiveGrouped stores in through the group and returns what was stored.
func (s *Service) receiveGrouped(ctx context.Context, tenantID string, in arrival) (Received, error) {
	p := &pendingReceive{ctx: ctx, tenantID: tenantID, in: in}
	s.group.join(p, maxReceiveBatch, func(batch []*pendingReceive) { s.commitReceives(ctx, batch) })
	return p.out, p.err
}

// commitReceives stores a batch in one transaction, or, when that fails,
// each message in its own.
func (s *Service) commitReceives(ctx context.Context, batch []*pendingReceive) {
	if len(batch) > 1 {
		err := crm.Retry(func() error {
			return s.Store.Tx(ctx, func(q store.Queries) error { return s.receiveSet(ctx, q, batch) })
		})
		if err == nil {
			for _, p := range batch {
				p.out.Conversation = s.withWindow(p.out.Conversation)
			}
			return
		}
	}
	for _, p := range batch {
		p.out, p.err = s.receiveAlone(p.ctx, p.tenantID, p.in)
	}
}

// receiveAlone stores one message in its own transaction.
func (s *Service) receiveAlone(ctx context.Context, tenantID string, in arrival) (Received, error) {
	p := &pendingReceive{ctx: ctx, tenantID: tenantID, in: in}
	err := crm.Retry(func() error {
		return s.Store.Tx(ctx, func(q store.Queries) error { return s.receiveSet(ctx, q, []*pendingReceive{p}) })
	})
	p.out.Conversation = s.withWindow(p.out.Conversation)
	return p.out, err
}
