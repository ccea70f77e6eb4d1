package webhooks

import (
	"context"
	"errors"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// Redeliver sends one of the endpoint's settled deliveries (delivered or
// failed) again now, with its body and webhook-id unchanged so the
// receiver can tell it from a new event, and answers with the attempt,
// recorded as one more on the delivery. Like a test it is tried once: a
// failure schedules no retry and turns nothing off. An endpoint that is
// off is refused (409) until it is enabled again, and so is a delivery
// still pending (its retries will try it).
func (s *Service) Redeliver(ctx context.Context, p tenancy.Principal, endpointID, deliveryID string) (Delivery, error) {
	e, err := s.get(ctx, p, endpointID)
	if err != nil {
		return Delivery{}, err
	}
	d, err := s.delivery(ctx, p.TenantID, e.ID, deliveryID)
	if err != nil {
		return Delivery{}, err
	}
	if !e.Enabled {
		state := stateOf(e)
		return Delivery{}, apperr.New(apperr.Conflict, "the webhook endpoint is turned off (%s): enable it before sending to it again", state).
			Because(apperr.WebhookEndpointOff, apperr.P{"state": state})
	}
	if s.Sender == nil {
		return Delivery{}, apperr.NotRunningf("webhooks", "webhook delivery is not running")
	}
	if d.State == store.DeliveryPending {
		return Delivery{}, stillPending(d)
	}
	d, err = s.Sender.Redeliver(ctx, e, d)
	if errors.Is(err, store.ErrNotFound) { // taken meanwhile: by another redelivery, or deleted
		if d, err = s.delivery(ctx, p.TenantID, e.ID, deliveryID); err == nil {
			err = stillPending(d)
		}
	}
	return deliveryView(d), err
}

// delivery is one of the endpoint's deliveries; another endpoint's, or
// another tenant's, is not found.
func (s *Service) delivery(ctx context.Context, tenantID, endpointID, id string) (store.WebhookDelivery, error) {
	d, err := s.Store.GetWebhookDelivery(ctx, tenantID, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && d.EndpointID != endpointID) {
		return store.WebhookDelivery{}, apperr.NotFoundf("webhook delivery not found")
	}
	return d, err
}

func stillPending(d store.WebhookDelivery) error {
	next := d.NextAttemptAt.UTC().Format(time.RFC3339)
	return apperr.New(apperr.Conflict, "the delivery is still being tried (next attempt at %s): it can be sent again once delivered or failed", next).
		Because(apperr.WebhookDeliveryPending, apperr.P{"next_attempt_at": next})
}

// Redeliver takes a settled delivery back (so no sender claims it while
// the attempt runs) and makes one attempt of it now. store.ErrNotFound
// when it is no longer settled.
func (s *Sender) Redeliver(ctx context.Context, ep store.WebhookEndpoint, d store.WebhookDelivery) (store.WebhookDelivery, error) {
	now := s.now()
	d, err := s.Store.ReclaimWebhookDelivery(ctx, d.TenantID, d.ID, now.Add(claimLease))
	if err != nil {
		return d, err
	}
	return s.settle(ctx, ep, d, s.attempt(ctx, ep, d, now), now, true)
}
