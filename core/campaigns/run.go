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

// consume reads provider reports, replies and opt-outs from the bus with
// a durable consumer; instances share it. A report that may have
// overtaken its send's record is redelivered with backoff, eight times.
func (s *Service) consume(ctx context.Context) error {
	var subjects []string
	for _, typ := range []string{bus.EventMessageStatus, bus.EventMessageReceived, bus.EventContactConsent} {
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
	return bus.ConsumeBatches(ctx, cons, ledgerBatch, s.handleBatch)
}

// ledgerBatch is how many events the ledger takes at once.
const ledgerBatch = 512

// handleBatch handles the events that have arrived. Their replies are
// looked up together first, one query per tenant: most inbound messages
// come from contacts no campaign wrote to lately, and each of those was a
// query of its own.
func (s *Service) handleBatch(ctx context.Context, msgs []jetstream.Msg) {
	idle := s.idleReplies(ctx, msgs)
	for i, m := range msgs {
		if idle[i] {
			_ = m.Ack()
			continue
		}
		s.handleMsg(ctx, m)
	}
}

// idleReplies marks the batch's replies that have no send to mark. When
// the lookup fails it marks none: each is then handled alone.
func (s *Service) idleReplies(ctx context.Context, msgs []jetstream.Msg) []bool {
	idle := make([]bool, len(msgs))
	from := make([]string, len(msgs))
	byTenant := map[string][]string{}
	for i, m := range msgs {
		h := m.Headers()
		if h.Get(bus.HeaderType) != bus.EventMessageReceived {
			continue
		}
		if from[i] = replyContact(m.Data()); from[i] == "" {
			idle[i] = true
			continue
		}
		tenant := h.Get(bus.HeaderTenant)
		byTenant[tenant] = append(byTenant[tenant], from[i])
	}
	toMark := map[string]map[string]bool{}
	since := s.Now().Add(-replyHorizon)
	for tenant, ids := range byTenant {
		marks, err := s.Store.ContactsToMark(ctx, tenant, "replied_at", since, ids)
		if err != nil {
			return make([]bool, len(msgs))
		}
		toMark[tenant] = marks
	}
	for i, m := range msgs {
		if from[i] != "" {
			idle[i] = !toMark[m.Headers().Get(bus.HeaderTenant)][from[i]]
		}
	}
	return idle
}

func (s *Service) handleMsg(ctx context.Context, m jetstream.Msg) {
	h := m.Headers()
	err := s.Handle(ctx, h.Get(bus.HeaderTenant), h.Get(bus.HeaderType), m.Data())
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
			s.Log.Warn("campaign ledger event", "type", h.Get(bus.HeaderType), "err", err)
		}
		_ = m.NakWithDelay(time.Second)
	}
}
