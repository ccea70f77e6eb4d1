package bus

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/masteria/masteria/core/metrics"
	"github.com/masteria/masteria/core/store"
)

// Relay moves committed outbox events to JetStream. An event is deleted
// from the outbox only after JetStream acknowledged it; a crash between the
// two republishes it with the same Nats-Msg-Id, which JetStream drops as a
// duplicate, and consumers are idempotent beyond that window.
type Relay struct {
	Store   store.Outbox
	Bus     *Bus
	Metrics *metrics.Metrics
	Log     *slog.Logger
	Batch   int           // events per claim, default 512
	Poll    time.Duration // wake-up without a commit signal, default 500ms
	// Published, if set, is called for every acknowledged event (benchmarks).
	Published func(e store.Event, ackedAt time.Time)
}

// Run publishes until ctx ends.
func (r *Relay) Run(ctx context.Context) {
	batch, poll := r.Batch, r.Poll
	if batch <= 0 {
		batch = 512
	}
	if poll <= 0 {
		poll = 500 * time.Millisecond
	}
	ticker := time.NewTicker(poll)
	defer ticker.Stop()
	backoff := 100 * time.Millisecond
	for {
		n, err := r.Store.ClaimEvents(ctx, batch, r.publish)
		if err != nil && ctx.Err() == nil {
			r.failed(err)
			sleep(ctx, backoff)
			backoff = min(backoff*2, 5*time.Second)
			continue
		}
		backoff = 100 * time.Millisecond
		if n == batch {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-r.Store.Committed():
		case <-ticker.C:
			r.observeBacklog(ctx)
		}
	}
}

// Flush publishes everything waiting, for a graceful shutdown.
func (r *Relay) Flush(ctx context.Context) error {
	for {
		n, err := r.Store.ClaimEvents(ctx, 512, r.publish)
		if err != nil {
			return fmt.Errorf("outbox flush: %w", err)
		}
		if n == 0 {
			return nil
		}
	}
}

// publish sends a batch asynchronously and waits for every acknowledgement.
func (r *Relay) publish(events []store.Event) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	acks := make([]jetstream.PubAckFuture, len(events))
	for i, e := range events {
		msg := &nats.Msg{Subject: r.Bus.EventSubject(e.TenantID, e.Type), Data: e.Payload, Header: nats.Header{}}
		msg.Header.Set(HeaderTenant, e.TenantID)
		msg.Header.Set(HeaderType, e.Type)
		ack, err := r.Bus.JS.PublishMsgAsync(msg, jetstream.WithMsgID(e.MsgID))
		if err != nil {
			return err
		}
		acks[i] = ack
	}
	for i, ack := range acks {
		select {
		case <-ack.Ok():
			r.observe(events[i])
		case err := <-ack.Err():
			return err
		case <-ctx.Done():
			return fmt.Errorf("no acknowledgement from JetStream: %w", ctx.Err())
		}
	}
	return nil
}

func (r *Relay) observe(e store.Event) {
	if r.Published != nil {
		r.Published(e, time.Now())
	}
	if r.Metrics != nil {
		r.Metrics.OutboxPublished.Inc()
		r.Metrics.OutboxLag.Observe(time.Since(e.CreatedAt).Seconds())
	}
}

func (r *Relay) failed(err error) {
	if r.Metrics != nil {
		r.Metrics.OutboxFailures.Inc()
	}
	if r.Log != nil {
		r.Log.Warn("outbox publish failed; will retry", "err", err)
	}
}

func (r *Relay) observeBacklog(ctx context.Context) {
	if r.Metrics == nil {
		return
	}
	if n, _, err := r.Store.OutboxBacklog(ctx); err == nil {
		r.Metrics.OutboxBacklog.Set(float64(n))
	}
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
