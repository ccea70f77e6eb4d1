package store

import (
	"context"
	"time"
)

// WebhookEndpoint is a URL a tenant registered to receive its events
// (outbound webhooks, Standard Webhooks v1). Secret and PreviousSecret are
// sealed by the secret box and never leave the server.
type WebhookEndpoint struct {
	ID          string
	TenantID    string
	URL         string
	Description string
	// EventTypes are the event types it wants: "message.received", a
	// group ("conversation.*") or "*" for every type offered.
	EventTypes []string
	Enabled    bool
	// DisabledReason says why the sender turned it off: "gone" (it
	// answered 410) or "failing" (a delivery ran out of retries); "" when
	// a person did, or while it is enabled.
	DisabledReason string
	DisabledAt     *time.Time
	Secret         string `json:"-"`
	// PreviousSecret signs beside Secret until PreviousUntil (a rotation).
	PreviousSecret string    `json:"-"`
	PreviousUntil  time.Time `json:"-"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Delivery states.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// WebhookDelivery is one event's delivery to one endpoint: its attempts so
// far and, while pending, when the next is due.
type WebhookDelivery struct {
	ID         string
	TenantID   string
	EndpointID string
	EventID    string // the webhook-id, the same on every attempt
	EventType  string
	Payload    []byte `json:"-"` // the exact body sent
	State      string
	Attempts   int
	LastStatus int // the last answer's HTTP status; 0 when none came
	LastError  string
	// NextAttemptAt is when a pending delivery is next tried; zero once
	// it is delivered or failed.
	NextAttemptAt time.Time
	// SingleTry marks a delivery tried once and never retried (a test).
	SingleTry bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Webhooks are a tenant's webhook endpoints and their deliveries.
type Webhooks interface {
	CreateWebhookEndpoint(ctx context.Context, e WebhookEndpoint) error
	GetWebhookEndpoint(ctx context.Context, tenantID, id string) (WebhookEndpoint, error)
	// ListWebhookEndpoints lists a tenant's endpoints, oldest first.
	ListWebhookEndpoints(ctx context.Context, tenantID string) ([]WebhookEndpoint, error)
	// UpdateWebhookEndpoint saves e's URL, description, event types,
	// enabled flag, disabled reason and time, and UpdatedAt.
	UpdateWebhookEndpoint(ctx context.Context, e WebhookEndpoint) error
	// SetWebhookSecrets replaces the sealed secrets (a rotation).
	SetWebhookSecrets(ctx context.Context, tenantID, id, secret, previous string, previousUntil, at time.Time) error
	// DisableWebhookEndpoint turns an enabled endpoint off with a reason;
	// false when it was already off (or is gone).
	DisableWebhookEndpoint(ctx context.Context, tenantID, id, reason string, at time.Time) (bool, error)
	// DeleteWebhookEndpoint removes it and its deliveries.
	DeleteWebhookEndpoint(ctx context.Context, tenantID, id string) error
	// EnabledWebhookEndpoints is every tenant's enabled endpoints: what
	// the event consumer subscribes to. Unscoped; only the sender uses it.
	EnabledWebhookEndpoints(ctx context.Context) ([]WebhookEndpoint, error)
	// AllWebhookEndpoints is every tenant's endpoints, enabled or not:
	// what `masteria secrets rotate` re-seals. Unscoped.
	AllWebhookEndpoints(ctx context.Context) ([]WebhookEndpoint, error)

	// AddWebhookDeliveries records deliveries; one whose endpoint already
	// has a delivery of the same event is left out (a redelivered event).
	AddWebhookDeliveries(ctx context.Context, ds []WebhookDelivery) error
	// RecordWebhookAttempt saves an attempt's outcome: d's state,
	// attempts, last status and error, next attempt and UpdatedAt.
	RecordWebhookAttempt(ctx context.Context, d WebhookDelivery) error
	GetWebhookDelivery(ctx context.Context, tenantID, id string) (WebhookDelivery, error)
	// ReclaimWebhookDelivery takes a settled (delivered or failed)
	// delivery of the tenant back for a manual redelivery: pending, its
	// next attempt pushed to until (the attempt's lease), so no sender
	// claims it meanwhile. ErrNotFound when the tenant has no such
	// delivery or it is pending (two redeliveries at once: one wins).
	ReclaimWebhookDelivery(ctx context.Context, tenantID, id string, until time.Time) (WebhookDelivery, error)
	// ListWebhookDeliveries is an endpoint's latest deliveries, newest
	// first, at most limit.
	ListWebhookDeliveries(ctx context.Context, tenantID, endpointID string, limit int) ([]WebhookDelivery, error)
	// WebhookDeliveredSince tells whether the endpoint took any delivery
	// of an event that came after since.
	WebhookDeliveredSince(ctx context.Context, tenantID, endpointID string, since time.Time) (bool, error)
}

// WebhookQueue is the sender's side of the deliveries.
type WebhookQueue interface {
	// ClaimWebhookDeliveries takes up to limit pending deliveries due by
	// now and moves their next attempt to until (the claim's lease), so a
	// sender that dies mid-attempt only delays them. Two claimers never
	// get the same delivery.
	ClaimWebhookDeliveries(ctx context.Context, now, until time.Time, limit int) ([]WebhookDelivery, error)
	// NextWebhookAttempt is the earliest next attempt of any pending
	// delivery; false when none is pending.
	NextWebhookAttempt(ctx context.Context) (time.Time, bool, error)
	// PruneWebhookDeliveries deletes delivered and failed deliveries
	// created before before, and says how many.
	PruneWebhookDeliveries(ctx context.Context, before time.Time) (int64, error)
}
