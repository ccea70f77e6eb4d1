package webhooks

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// RotationOverlap is how long the previous secret keeps signing after a
// rotation, so receivers can change theirs without missing a delivery.
const RotationOverlap = 24 * time.Hour

// Service is the endpoints' use cases. Every one needs the admin role and
// stays inside the caller's tenant: another tenant's endpoint is not found.
type Service struct {
	Store   store.Store
	Keyring *secrets.Keyring
	Egress  *Egress
	Sender  *Sender // sends the test event
	// Changed is told, after a commit, that the tenant's endpoints
	// changed (the local consumer resubscribes at once; other instances
	// hear the endpoint's event).
	Changed func()
	Now     func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Millisecond)
	}
	return store.Now()
}

func (s *Service) changed() {
	if s.Changed != nil {
		s.Changed()
	}
}

// List is the tenant's endpoints, oldest first, without their secrets.
func (s *Service) List(ctx context.Context, p tenancy.Principal) ([]Endpoint, error) {
	if err := allowed(p); err != nil {
		return nil, err
	}
	eps, err := s.Store.ListWebhookEndpoints(ctx, p.TenantID)
	out := make([]Endpoint, len(eps))
	for i, e := range eps {
		out[i] = view(e, s.now())
	}
	return out, err
}

// Get is one endpoint of the tenant.
func (s *Service) Get(ctx context.Context, p tenancy.Principal, id string) (Endpoint, error) {
	e, err := s.get(ctx, p, id)
	return view(e, s.now()), err
}

func (s *Service) get(ctx context.Context, p tenancy.Principal, id string) (store.WebhookEndpoint, error) {
	if err := allowed(p); err != nil {
		return store.WebhookEndpoint{}, err
	}
	e, err := s.Store.GetWebhookEndpoint(ctx, p.TenantID, id)
	if errors.Is(err, store.ErrNotFound) {
		return e, apperr.NotFoundf("webhook endpoint not found")
	}
	return e, err
}

// Create registers an endpoint and answers with its signing secret, shown
// this once: only its sealed form is kept.
func (s *Service) Create(ctx context.Context, p tenancy.Principal, in NewEndpoint) (EndpointWithSecret, error) {
	if err := allowed(p); err != nil {
		return EndpointWithSecret{}, err
	}
	now := s.now()
	e := store.WebhookEndpoint{ID: ids.New("whe"), TenantID: p.TenantID, URL: in.URL, Description: in.Description,
		EventTypes: in.EventTypes, Enabled: in.Enabled == nil || *in.Enabled, CreatedAt: now, UpdatedAt: now}
	if err := s.check(e); err != nil {
		return EndpointWithSecret{}, err
	}
	e.EventTypes = compact(e.EventTypes)
	secret, sealed, err := s.newSecret(e)
	if err != nil {
		return EndpointWithSecret{}, err
	}
	e.Secret = sealed
	err = s.Store.Tx(ctx, func(q store.Queries) error {
		if err := q.CreateWebhookEndpoint(ctx, e); err != nil {
			return err
		}
		return emitEndpoint(ctx, q, bus.EventWebhookEndpointCreated, e)
	})
	if err != nil {
		return EndpointWithSecret{}, err
	}
	s.changed()
	return EndpointWithSecret{Endpoint: view(e, s.now()), Secret: secret}, nil
}

// Update changes what the patch gives. Enabling an endpoint the sender
// turned off clears why it did.
func (s *Service) Update(ctx context.Context, p tenancy.Principal, id string, in EndpointPatch) (Endpoint, error) {
	e, err := s.get(ctx, p, id)
	if err != nil {
		return Endpoint{}, err
	}
	if in.URL != nil {
		e.URL = *in.URL
	}
	if in.Description != nil {
		e.Description = *in.Description
	}
	if in.EventTypes != nil {
		e.EventTypes = *in.EventTypes
	}
	if in.Enabled != nil && *in.Enabled != e.Enabled {
		e.Enabled, e.DisabledReason, e.DisabledAt = *in.Enabled, "", nil
		if !e.Enabled {
			now := s.now()
			e.DisabledAt = &now
		}
	}
	if err := s.check(e); err != nil {
		return Endpoint{}, err
	}
	e.EventTypes, e.UpdatedAt = compact(e.EventTypes), s.now()
	err = s.Store.Tx(ctx, func(q store.Queries) error {
		if err := q.UpdateWebhookEndpoint(ctx, e); err != nil {
			return err
		}
		return emitEndpoint(ctx, q, bus.EventWebhookEndpointUpdated, e)
	})
	if err != nil {
		return Endpoint{}, notFound(err)
	}
	s.changed()
	return view(e, s.now()), nil
}

// Delete removes the endpoint and its deliveries.
func (s *Service) Delete(ctx context.Context, p tenancy.Principal, id string) error {
	if err := allowed(p); err != nil {
		return err
	}
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		if err := q.DeleteWebhookEndpoint(ctx, p.TenantID, id); err != nil {
			return err
		}
		return emitEndpoint(ctx, q, bus.EventWebhookEndpointDeleted, store.WebhookEndpoint{ID: id, TenantID: p.TenantID})
	})
	if err != nil {
		return notFound(err)
	}
	s.changed()
	return nil
}

// RotateSecret gives the endpoint a new secret, shown this once; the
// current one keeps signing beside it for RotationOverlap (an older one
// still overlapping is dropped).
func (s *Service) RotateSecret(ctx context.Context, p tenancy.Principal, id string) (EndpointWithSecret, error) {
	e, err := s.get(ctx, p, id)
	if err != nil {
		return EndpointWithSecret{}, err
	}
	secret, sealed, err := s.newSecret(e)
	if err != nil {
		return EndpointWithSecret{}, err
	}
	now := s.now()
	e.PreviousSecret, e.PreviousUntil, e.Secret, e.UpdatedAt = e.Secret, now.Add(RotationOverlap), sealed, now
	err = s.Store.Tx(ctx, func(q store.Queries) error {
		if err := q.SetWebhookSecrets(ctx, e.TenantID, e.ID, e.Secret, e.PreviousSecret, e.PreviousUntil, now); err != nil {
			return err
		}
		return emitEndpoint(ctx, q, bus.EventWebhookEndpointUpdated, e)
	})
	if err != nil {
		return EndpointWithSecret{}, notFound(err)
	}
	return EndpointWithSecret{Endpoint: view(e, s.now()), Secret: secret}, nil
}

// Deliveries is the endpoint's latest deliveries, newest first.
func (s *Service) Deliveries(ctx context.Context, p tenancy.Principal, id string, limit int) ([]Delivery, error) {
	if _, err := s.get(ctx, p, id); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	ds, err := s.Store.ListWebhookDeliveries(ctx, p.TenantID, id, limit)
	out := make([]Delivery, len(ds))
	for i, d := range ds {
		out[i] = deliveryView(d)
	}
	return out, err
}

// Test sends a webhook.test event to the endpoint now, enabled or not,
// and answers with the attempt's outcome. It is tried once, never
// retried, and a 410 to it turns nothing off.
func (s *Service) Test(ctx context.Context, p tenancy.Principal, id string) (Delivery, error) {
	e, err := s.get(ctx, p, id)
	if err != nil {
		return Delivery{}, err
	}
	if s.Sender == nil {
		return Delivery{}, apperr.NotRunningf("webhooks", "webhook delivery is not running")
	}
	d, err := s.Sender.Test(ctx, e, p.Actor())
	return deliveryView(d), err
}

func (s *Service) newSecret(e store.WebhookEndpoint) (plain, sealed string, err error) {
	if plain, err = NewSecret(); err != nil {
		return "", "", err
	}
	sealed, err = s.Keyring.Seal([]byte(plain), secretAAD(e.TenantID, e.ID))
	return plain, sealed, err
}

// secretAAD binds a sealed secret to its endpoint: a token copied to
// another row fails to open.
func secretAAD(tenantID, endpointID string) []byte {
	return []byte(tenantID + "\x00webhook:" + endpointID)
}

func allowed(p tenancy.Principal) error {
	if !p.Can(auth.RoleAdmin) {
		return apperr.NeedRole(auth.RoleAdmin)
	}
	return nil
}

func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.NotFoundf("webhook endpoint not found")
	}
	return err
}

// emitEndpoint tells the tenant's stream, and every instance's consumer,
// that an endpoint changed. It carries no secret.
func emitEndpoint(ctx context.Context, q store.Queries, typ string, e store.WebhookEndpoint) error {
	body, err := json.Marshal(map[string]any{"id": e.ID, "enabled": e.Enabled, "state": stateOf(e)})
	if err != nil {
		return err
	}
	return q.Emit(ctx, store.Event{TenantID: e.TenantID, Type: typ, MsgID: ids.New("evt"), Payload: body})
}
