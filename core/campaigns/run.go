package campaigns

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/masteria/masteria/core/bus"
)

// Run runs the round runner, the dispatcher and (with a bus) the status
// consumer until ctx ends.
func (s *Service) Run(ctx context.Context) error {
	s.init()
	if s.Sender == nil {
		return errors.New("campaigns: no sender")
	}
	var wg sync.WaitGroup
	wg.Go(func() { s.runRounds(ctx) })
	wg.Go(func() { s.dispatch(ctx) })
	var err error
	if s.Bus != nil {
		err = s.consume(ctx)
	}
	wg.Wait()
	return err
}

// consume reads provider reports and opt-outs from the bus with a durable
// consumer, in batches; instances share it.
func (s *Service) consume(ctx context.Context) error {
	var subjects []string
	for _, typ := range []string{bus.EventMessageStatus, bus.EventContactConsent} {
		subjects = append(subjects, s.Bus.EventSubject("*", typ))
	}
	cfg := jetstream.ConsumerConfig{
		Durable: "campaign-ledger", AckPolicy: jetstream.AckExplicitPolicy, FilterSubjects: subjects,
		DeliverPolicy: jetstream.DeliverAllPolicy, MaxAckPending: 512, AckWait: 30 * time.Second,
	}
	cons, err := s.Bus.JS.CreateOrUpdateConsumer(ctx, s.Bus.EventStream(), cfg)
	if err != nil && strings.Contains(err.Error(), "multiple consumer filter subjects not supported") {
		// An external nats-server older than 2.10: take every event and
		// let Handle skip the others (it ignores types it does not know).
		cfg.FilterSubjects, cfg.FilterSubject = nil, s.Bus.AllEvents()
		cons, err = s.Bus.JS.CreateOrUpdateConsumer(ctx, s.Bus.EventStream(), cfg)
	}
	if err != nil {
		return fmt.Errorf("campaign ledger consumer: %w", err)
	}
	return bus.ConsumeBatches(ctx, cons, ledgerBatch, s.handleMsgs)
}

// handleMsgs applies the events that have arrived (HandleAll) and
// acknowledges each by its outcome.
func (s *Service) handleMsgs(ctx context.Context, msgs []jetstream.Msg) {
	evs := make([]Event, len(msgs))
	for i, m := range msgs {
		h := m.Headers()
		evs[i] = Event{TenantID: h.Get(bus.HeaderTenant), Type: h.Get(bus.HeaderType), Payload: m.Data()}
	}
	for i, err := range s.HandleAll(ctx, evs) {
		s.ackEvent(ctx, msgs[i], err)
	}
}

// ackEvent acknowledges m, or asks for it again: later, with backoff, for a
// report that may have overtaken its send's record (eight times), and in
// a second for any other error.
func (s *Service) ackEvent(ctx context.Context, m jetstream.Msg, err error) {
	switch {
	case err == nil:
		_ = m.Ack()
	case errors.Is(err, ErrOrphanStatus):
		md, _ := m.Metadata()
		if md == nil || md.NumDelivered >= 8 {
			_ = m.Ack()
			return
		}
		_ = m.NakWithDelay(time.Duration(1<<md.NumDelivered) * time.Second)
	default:
		if ctx.Err() == nil {
			s.Log.Warn("campaign ledger event", "type", m.Headers().Get(bus.HeaderType), "err", err)
		}
		_ = m.NakWithDelay(time.Second)
	}
}
