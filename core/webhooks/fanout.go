package webhooks

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// Durable names the consumer of the event stream that feeds webhooks.
const Durable = "webhooks"

// maxSubjects is the most filter subjects the consumer is given: past it,
// one per tenant (<ns>.evt.<tenant>.>), and past that every event, the
// in-memory check then leaving out what no endpoint wants.
const maxSubjects = 512

// fanoutBatch is how many events one batch takes.
const fanoutBatch = 256

// Fanout turns events into deliveries. Its durable consumer of the event
// stream exists only while some tenant has an enabled endpoint, and is
// filtered to the subjects of the event types those tenants' endpoints
// want: a tenant without endpoints has none of its events read, decoded
// or stored. Each event is checked (by its headers alone) against the
// endpoints in memory, and recorded, its body built once, as a pending
// delivery for each endpoint that wants it, before it is acknowledged.
type Fanout struct {
	Store  store.Store
	Bus    *bus.Bus
	Sender *Sender // kicked when deliveries are recorded; may be nil
	Log    *slog.Logger
	// Resync is how often the endpoints are read again even unasked
	// (default 5 minutes); an endpoint's change is heard at once.
	Resync time.Duration

	subs    atomic.Pointer[subscriptions]
	refresh chan struct{}
}

// subscriptions are the enabled endpoints by tenant, and the consumer's
// filter subjects they make.
type subscriptions struct {
	byTenant map[string][]subscriber
	subjects []string
}

type subscriber struct {
	id       string
	patterns []string
	since    time.Time // events before the endpoint existed are not its
}

// NewFanout makes the consumer; Run runs it.
func NewFanout(st store.Store, b *bus.Bus, sender *Sender, log *slog.Logger) *Fanout {
	return &Fanout{Store: st, Bus: b, Sender: sender, Log: log, refresh: make(chan struct{}, 1)}
}

// Refresh asks Run to read the endpoints again and resubscribe.
func (f *Fanout) Refresh() {
	select {
	case f.refresh <- struct{}{}:
	default:
	}
}

// Run keeps the consumer subscribed to what the enabled endpoints want
// until ctx ends.
func (f *Fanout) Run(ctx context.Context) error {
	// Every instance's endpoint changes reach the stream as events; a
	// plain subscription hears them without a consumer of its own.
	sub, err := f.Bus.NC.Subscribe(f.Bus.WebhookEndpointEvents(), func(*nats.Msg) { f.Refresh() })
	if err != nil {
		return fmt.Errorf("webhook endpoint events: %w", err)
	}
	defer func() { _ = sub.Unsubscribe() }()
	resync := f.Resync
	if resync <= 0 {
		resync = 5 * time.Minute
	}
	var run consuming
	defer run.stop()
	for {
		wait := resync
		if err := f.resubscribe(ctx, &run); err != nil && ctx.Err() == nil {
			f.Log.Warn("webhook consumer", "err", err)
			wait = 5 * time.Second
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-f.refresh:
		case <-t.C:
		}
		t.Stop()
	}
}

// consuming is the consumer running now, if any.
type consuming struct {
	subjects []string
	cancel   context.CancelFunc
	done     chan struct{}
}

// alive tells whether the consumer's loop is still running.
func (c *consuming) alive() bool {
	if c.done == nil {
		return false
	}
	select {
	case <-c.done:
		return false
	default:
		return true
	}
}

func (c *consuming) stop() {
	if c.cancel != nil {
		c.cancel()
		<-c.done
		c.cancel, c.done = nil, nil
	}
}

// resubscribe reads the enabled endpoints and, when the subjects they
// want changed, restarts the consumer on them, or deletes it when none.
func (f *Fanout) resubscribe(ctx context.Context, run *consuming) error {
	eps, err := f.Store.EnabledWebhookEndpoints(ctx)
	if err != nil {
		return err
	}
	subs := f.subscriptionsOf(eps)
	f.subs.Store(subs)
	if len(subs.subjects) > 0 && slices.Equal(subs.subjects, run.subjects) && run.alive() {
		// Made again if another instance (with an older view) deleted it:
		// the running pulls name the consumer, so they carry on with it.
		_, err := f.consumer(ctx, subs.subjects)
		return err
	}
	if len(subs.subjects) == 0 && len(run.subjects) == 0 && run.cancel == nil {
		return nil
	}
	run.stop()
	run.subjects = nil
	if len(subs.subjects) == 0 {
		err := f.Bus.JS.DeleteConsumer(ctx, f.Bus.EventStream(), Durable)
		if err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
			return fmt.Errorf("delete webhook consumer: %w", err)
		}
		return nil
	}
	cons, err := f.consumer(ctx, subs.subjects)
	if err != nil {
		return err
	}
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := bus.ConsumeBatches(cctx, cons, fanoutBatch, f.handle); err != nil {
			f.Log.Error("webhook consumer stopped", "err", err)
		}
		if cctx.Err() == nil {
			f.Refresh() // start it again
		}
	}()
	run.subjects, run.cancel, run.done = subs.subjects, cancel, done
	return nil
}

// consumer creates or updates the durable consumer on subjects. It
// starts at the stream's end when created (an endpoint gets the events
// after it exists); an existing one keeps its place, so events that came
// while the server was down are delivered after a restart.
func (f *Fanout) consumer(ctx context.Context, subjects []string) (jetstream.Consumer, error) {
	cfg := jetstream.ConsumerConfig{
		Durable: Durable, AckPolicy: jetstream.AckExplicitPolicy, DeliverPolicy: jetstream.DeliverNewPolicy,
		FilterSubjects: subjects, MaxAckPending: 2 * fanoutBatch, AckWait: 30 * time.Second,
	}
	cons, err := f.Bus.JS.CreateOrUpdateConsumer(ctx, f.Bus.EventStream(), cfg)
	if err != nil && strings.Contains(err.Error(), "multiple consumer filter subjects not supported") {
		// An external nats-server older than 2.10: take every event and
		// let the in-memory check leave out the others.
		cfg.FilterSubjects, cfg.FilterSubject = nil, f.Bus.AllEvents()
		cons, err = f.Bus.JS.CreateOrUpdateConsumer(ctx, f.Bus.EventStream(), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("webhook consumer: %w", err)
	}
	return cons, nil
}

// subscriptionsOf groups endpoints by tenant and lists the subjects of
// the event types they want.
func (f *Fanout) subscriptionsOf(eps []store.WebhookEndpoint) *subscriptions {
	s := &subscriptions{byTenant: map[string][]subscriber{}}
	types := map[string]map[string]bool{} // tenant → wanted types
	for _, e := range eps {
		s.byTenant[e.TenantID] = append(s.byTenant[e.TenantID], subscriber{id: e.ID, patterns: e.EventTypes, since: e.CreatedAt})
		if types[e.TenantID] == nil {
			types[e.TenantID] = map[string]bool{}
		}
		for _, t := range typesWanted(e.EventTypes) {
			types[e.TenantID][t] = true
		}
	}
	for tenant, ts := range types {
		for t := range ts {
			s.subjects = append(s.subjects, f.Bus.EventSubject(tenant, t))
		}
	}
	if len(s.subjects) > maxSubjects {
		s.subjects = s.subjects[:0]
		for tenant := range types {
			s.subjects = append(s.subjects, f.Bus.TenantEvents(tenant))
		}
	}
	if len(s.subjects) > maxSubjects {
		s.subjects = []string{f.Bus.AllEvents()}
	}
	slices.Sort(s.subjects)
	return s
}

// handle records a batch's deliveries in one statement, then acknowledges
// the batch; when the store fails, the batch comes again in a second.
func (f *Fanout) handle(ctx context.Context, msgs []jetstream.Msg) {
	subs := f.subs.Load()
	now := store.Now()
	var ds []store.WebhookDelivery
	for _, m := range msgs {
		ds = subs.deliveries(ds, m, now)
	}
	if len(ds) > 0 {
		if err := f.Store.AddWebhookDeliveries(ctx, ds); err != nil {
			if ctx.Err() == nil {
				f.Log.Warn("webhook deliveries not recorded; retrying", "err", err)
			}
			f.Refresh() // an endpoint deleted meanwhile fails the batch until it is forgotten
			for _, m := range msgs {
				_ = m.NakWithDelay(time.Second)
			}
			return
		}
		if f.Sender != nil {
			f.Sender.Kick()
		}
	}
	for _, m := range msgs {
		_ = m.Ack()
	}
}

// deliveries appends m's delivery to each endpoint that wants it. An
// event no endpoint wants costs a header lookup or two.
func (s *subscriptions) deliveries(ds []store.WebhookDelivery, m jetstream.Msg, now time.Time) []store.WebhookDelivery {
	h := m.Headers()
	tenant := h.Get(bus.HeaderTenant)
	subs := s.byTenant[tenant]
	if len(subs) == 0 {
		return ds
	}
	typ := h.Get(bus.HeaderType)
	var body []byte
	var id string
	var at time.Time
	for _, sub := range subs {
		if !wants(sub.patterns, typ) {
			continue
		}
		if body == nil {
			at, id = eventTime(m, now), webhookID(h.Get(bus.HeaderMsgID), m)
			body = envelope(typ, at, m.Data())
		}
		if at.Before(sub.since) {
			continue
		}
		ds = append(ds, store.WebhookDelivery{ID: ids.New("whd"), TenantID: tenant, EndpointID: sub.id, EventID: id, EventType: typ,
			Payload: body, State: store.DeliveryPending, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now})
	}
	return ds
}

// eventTime is when the event reached the stream.
func eventTime(m jetstream.Msg, now time.Time) time.Time {
	if md, err := m.Metadata(); err == nil && !md.Timestamp.IsZero() {
		return md.Timestamp.UTC()
	}
	return now
}

// webhookID is the event's message ID, the same however often the event
// arrives; one Standard Webhooks cannot carry (empty, or with a '.') is
// replaced by one derived from it, or from the event's stream position.
func webhookID(msgID string, m jetstream.Msg) string {
	if msgID != "" && !strings.ContainsAny(msgID, ". ") && len(msgID) <= 128 {
		return msgID
	}
	if msgID == "" {
		if md, err := m.Metadata(); err == nil {
			msgID = fmt.Sprint("seq:", md.Sequence.Stream)
		}
	}
	return ids.Keyed("msg", msgID)
}
