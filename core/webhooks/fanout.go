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
	widened atomic.Bool // an old server took every event instead of the subjects
}

// subscriptions are the enabled endpoints by tenant, and the consumer's
// filter subjects they make.
type subscriptions struct {
	byTenant map[string][]subscriber
	subjects []string
	exact    map[string]bool // subjects, when each names a tenant's type
	all      bool            // subjects is every event
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

// resubscribe reads the enabled endpoints and sets the consumer's
// subjects to what they want, starting its loop if none runs, or stops it
// and deletes the consumer when they want nothing. A running loop is kept
// through a change of subjects: its pulls name the consumer, so they go
// on with the new filter (a restarted loop's abandoned pull could hold
// the next event until AckWait on servers that do not drop it), and a
// consumer another instance deleted is made again.
func (f *Fanout) resubscribe(ctx context.Context, run *consuming) error {
	subs, err := f.reload(ctx)
	if err != nil {
		return err
	}
	if len(subs.subjects) == 0 {
		if run.cancel == nil && run.subjects == nil {
			return nil
		}
		run.stop()
		run.subjects = nil
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
	run.subjects = subs.subjects
	if run.alive() {
		return nil
	}
	run.stop() // a loop that ended
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
	run.cancel, run.done = cancel, done
	return nil
}

// consumer creates or updates the durable consumer on subjects. It
// starts at the stream's end when created (an endpoint gets the events
// after it exists); an existing one keeps its place, so events that came
// while the server was down are delivered after a restart. A NATS server
// older than 2.10 has no multiple filters: there the consumer takes every
// event, always the same filter (such a server moves a consumer whose
// filter changes to the stream's end, past events not yet delivered), and
// the in-memory check leaves out the others.
func (f *Fanout) consumer(ctx context.Context, subjects []string) (jetstream.Consumer, error) {
	cfg := jetstream.ConsumerConfig{
		Durable: Durable, AckPolicy: jetstream.AckExplicitPolicy, DeliverPolicy: jetstream.DeliverNewPolicy,
		FilterSubjects: subjects, MaxAckPending: 2 * fanoutBatch, AckWait: 30 * time.Second,
	}
	if !f.Bus.ServerAtLeast(2, 10) {
		cfg.FilterSubjects, cfg.FilterSubject = nil, f.Bus.AllEvents()
		f.widened.Store(true)
	}
	cons, err := f.Bus.JS.CreateOrUpdateConsumer(ctx, f.Bus.EventStream(), cfg)
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
	switch {
	case len(s.subjects) <= maxSubjects:
		s.exact = make(map[string]bool, len(s.subjects))
		for _, sub := range s.subjects {
			s.exact[sub] = true
		}
	case len(types) <= maxSubjects:
		s.subjects = s.subjects[:0]
		for tenant := range types {
			s.subjects = append(s.subjects, f.Bus.TenantEvents(tenant))
		}
	default:
		s.subjects, s.all = []string{f.Bus.AllEvents()}, true
	}
	slices.Sort(s.subjects)
	return s
}

// covers tells whether this view of the endpoints asks for m. The
// consumer is shared by every instance and its filter is the latest view
// any of them set: an event this view does not ask for means another
// instance already knows of an endpoint this one has not heard of yet.
func (s *subscriptions) covers(m jetstream.Msg, tenant string) bool {
	switch {
	case s.all:
		return true
	case s.exact != nil:
		return s.exact[m.Subject()]
	}
	return s.byTenant[tenant] != nil // one subject per tenant
}

// handle records a batch's deliveries in one statement, then acknowledges
// the batch; when the store fails, the batch comes again in a second.
func (f *Fanout) handle(ctx context.Context, msgs []jetstream.Msg) {
	subs := f.subs.Load()
	if f.behind(subs, msgs) {
		if fresh, err := f.reload(ctx); err == nil {
			subs = fresh
		} else if ctx.Err() == nil {
			f.Log.Warn("webhook endpoints not read again; retrying", "err", err)
			for _, m := range msgs {
				_ = m.NakWithDelay(time.Second)
			}
			return
		}
		f.Refresh() // and let Run set the consumer's subjects from it
	}
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

// behind tells whether a batch holds an event the view in hand does not
// ask for (see covers).
func (f *Fanout) behind(subs *subscriptions, msgs []jetstream.Msg) bool {
	if f.widened.Load() {
		return false
	}
	for _, m := range msgs {
		if !subs.covers(m, m.Headers().Get(bus.HeaderTenant)) {
			return true
		}
	}
	return false
}

// reload reads the enabled endpoints again into the view in hand.
func (f *Fanout) reload(ctx context.Context) (*subscriptions, error) {
	eps, err := f.Store.EnabledWebhookEndpoints(ctx)
	if err != nil {
		return nil, err
	}
	subs := f.subscriptionsOf(eps)
	f.subs.Store(subs)
	return subs, nil
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
