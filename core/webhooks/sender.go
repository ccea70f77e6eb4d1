package webhooks

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/metrics"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
)

// Sender delivers what is due: it claims pending deliveries from the
// store (so any number of instances share them, and a restart resumes
// them), sends each through the egress guard, and records the attempt:
// delivered on a 2xx, else retried on Schedule (or after the receiver's
// retry-after when it throttles) until MaxAttempts, then failed. A 410
// turns the endpoint off at once; a delivery that runs out of retries
// turns it off too, unless the endpoint took a later event meanwhile.
type Sender struct {
	Store   store.Store
	Keyring *secrets.Keyring
	Client  *http.Client // Egress.Client(): no redirects, Timeout
	Log     *slog.Logger
	// Now is the clock (tests step it); Jitter spreads a retry's wait
	// (default: up to a tenth either way).
	Now    func() time.Time
	Jitter func(time.Duration) time.Duration
	// Workers is how many attempts run at once (default 8).
	Workers int
	// Disabled is told when the sender turns an endpoint off, after the
	// commit (the consumer resubscribes).
	Disabled func()
	// Metrics, when set, counts attempts by outcome and times them.
	Metrics *metrics.Metrics

	kickOnce sync.Once
	kick     chan struct{}
}

// claimLease is how long a claimed delivery is the claimer's: an attempt
// (Timeout) and its recording fit well inside it.
const claimLease = 2*Timeout + 30*time.Second

// claimBatch is how many due deliveries one claim takes.
const claimBatch = 64

// Retention is how long settled deliveries are kept for the dashboard.
const Retention = 14 * 24 * time.Hour

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Millisecond)
	}
	return store.Now()
}

func (s *Sender) kicks() chan struct{} {
	s.kickOnce.Do(func() { s.kick = make(chan struct{}, 1) })
	return s.kick
}

// Kick wakes the sender: deliveries were just recorded.
func (s *Sender) Kick() {
	select {
	case s.kicks() <- struct{}{}:
	default:
	}
}

// Run sends due deliveries until ctx ends, waking when kicked or when the
// next pending one comes due, and prunes settled ones hourly.
func (s *Sender) Run(ctx context.Context) {
	prune := time.NewTicker(time.Hour)
	defer prune.Stop()
	s.prune(ctx)
	for {
		_, err := s.SendDue(ctx)
		wait := s.untilNext(ctx)
		if err != nil && ctx.Err() == nil {
			s.Log.Warn("webhook deliveries", "err", err)
			wait = max(wait, time.Second) // the store is failing: no tight loop
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.kicks():
		case <-prune.C:
			s.prune(ctx)
		case <-t.C:
		}
		t.Stop()
	}
}

// untilNext is how long to sleep: until the next pending delivery is due,
// at most a minute (another instance may add some without kicking this one).
func (s *Sender) untilNext(ctx context.Context) time.Duration {
	next, ok, err := s.Store.NextWebhookAttempt(ctx)
	if err != nil || !ok {
		return time.Minute
	}
	return min(max(time.Until(next), 10*time.Millisecond), time.Minute)
}

func (s *Sender) prune(ctx context.Context) {
	if n, err := s.Store.PruneWebhookDeliveries(ctx, s.now().Add(-Retention)); err != nil && ctx.Err() == nil {
		s.Log.Warn("webhook deliveries prune", "err", err)
	} else if n > 0 {
		s.Log.Info("webhook deliveries pruned", "deleted", n)
	}
}

// SendDue tries every delivery due now, and says how many it tried.
func (s *Sender) SendDue(ctx context.Context) (int, error) {
	total := 0
	for ctx.Err() == nil {
		now := s.now()
		ds, err := s.Store.ClaimWebhookDeliveries(ctx, now, now.Add(claimLease), claimBatch)
		if err != nil || len(ds) == 0 {
			return total, err
		}
		s.sendAll(ctx, ds)
		total += len(ds)
	}
	return total, ctx.Err()
}

// sendAll tries claimed deliveries, Workers at a time.
func (s *Sender) sendAll(ctx context.Context, ds []store.WebhookDelivery) {
	endpoints := map[string]*store.WebhookEndpoint{}
	workers := s.Workers
	if workers <= 0 {
		workers = 8
	}
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for _, d := range ds {
		ep, ok := endpoints[d.EndpointID]
		if !ok {
			e, err := s.Store.GetWebhookEndpoint(ctx, d.TenantID, d.EndpointID)
			if err != nil {
				if !errors.Is(err, store.ErrNotFound) {
					s.Log.Warn("webhook endpoint", "endpoint", d.EndpointID, "err", err)
				}
				continue // deleted: its deliveries went with it; or the lease runs out and it is tried again
			}
			ep, endpoints[d.EndpointID] = &e, &e
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if _, err := s.deliver(ctx, *ep, d); err != nil && ctx.Err() == nil {
				s.Log.Warn("webhook delivery", "delivery", d.ID, "err", err)
			}
		})
	}
	wg.Wait()
}

// deliver makes one attempt of d and records it. An attempt cut short by
// ctx (a shutdown) is not recorded: its lease runs out and it is made again.
func (s *Sender) deliver(ctx context.Context, ep store.WebhookEndpoint, d store.WebhookDelivery) (store.WebhookDelivery, error) {
	now := s.now()
	if !ep.Enabled && !d.SingleTry {
		d.State, d.LastError, d.NextAttemptAt, d.UpdatedAt = store.DeliveryFailed, "not sent: the endpoint is disabled", time.Time{}, now
		return d, s.Store.RecordWebhookAttempt(ctx, d)
	}
	o := s.attempt(ctx, ep, d, now)
	if ctx.Err() != nil {
		return d, ctx.Err()
	}
	return s.settle(ctx, ep, d, o, now, false)
}

// settle records an attempt's outcome and what follows from it. An
// attempt made once (a test, a manual redelivery) is never retried and
// turns nothing off.
func (s *Sender) settle(ctx context.Context, ep store.WebhookEndpoint, d store.WebhookDelivery, o outcome, now time.Time, once bool) (store.WebhookDelivery, error) {
	s.count(o)
	d.Attempts++
	d.LastStatus, d.LastError, d.UpdatedAt, d.NextAttemptAt = o.status, o.err, now, time.Time{}
	disable := ""
	switch {
	case o.delivered():
		d.State, d.LastError = store.DeliveryDelivered, ""
	case once || d.SingleTry:
		d.State = store.DeliveryFailed
	case o.status == http.StatusGone:
		d.State, disable = store.DeliveryFailed, reasonGone
	case d.Attempts >= MaxAttempts:
		d.State = store.DeliveryFailed
		if took, err := s.Store.WebhookDeliveredSince(ctx, d.TenantID, d.EndpointID, d.CreatedAt); err == nil && !took {
			disable = reasonFailing
		}
	default:
		wait := o.retryAfter
		if wait <= 0 {
			wait = s.jitter(Schedule[min(d.Attempts, len(Schedule))-1])
		}
		d.State, d.NextAttemptAt = store.DeliveryPending, now.Add(wait)
	}
	if err := s.Store.RecordWebhookAttempt(ctx, d); err != nil {
		return d, err
	}
	if disable != "" {
		return d, s.disable(ctx, ep, disable, now)
	}
	return d, nil
}

func (s *Sender) jitter(d time.Duration) time.Duration {
	if s.Jitter != nil {
		return s.Jitter(d)
	}
	return jitter(d)
}

// disable turns the endpoint off and tells the tenant (its stream, and
// the dashboard's list, show why).
func (s *Sender) disable(ctx context.Context, ep store.WebhookEndpoint, reason string, now time.Time) error {
	off := false
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		var err error
		if off, err = q.DisableWebhookEndpoint(ctx, ep.TenantID, ep.ID, reason, now); err != nil || !off {
			return err
		}
		ep.Enabled, ep.DisabledReason = false, reason
		return emitEndpoint(ctx, q, bus.EventWebhookEndpointDisabled, ep)
	})
	if err != nil || !off {
		return err
	}
	s.Log.Warn("webhook endpoint disabled", "tenant", ep.TenantID, "endpoint", ep.ID, "reason", reason)
	if s.Metrics != nil {
		s.Metrics.WebhookOutcomes.WithLabelValues("endpoint_disabled").Inc()
	}
	if s.Disabled != nil {
		s.Disabled()
	}
	return nil
}
