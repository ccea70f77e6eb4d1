// Package store is the source of truth: tenants, users, credentials, secrets
// and the transactional outbox, behind one interface with two drivers
// (embedded SQLite and Postgres, see package sqlstore). Every tenant-owned
// read and write takes the tenant ID, so no query can cross tenants.
package store

import (
	"context"
	"errors"
	"time"
)

// Errors every driver returns for the same situations.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("already exists")
)

// Store is the whole persistent state. Queries run outside a transaction;
// Tx runs fn inside one, and events emitted in it are published only if it
// commits.
type Store interface {
	Queries
	Tx(ctx context.Context, fn func(q Queries) error) error
	Outbox
	Scheduler
	SendQueue
	WebhookQueue
	Driver() string
	Ping(ctx context.Context) error
	Close() error
}

// Queries is every read and write, usable inside or outside a transaction.
type Queries interface {
	Tenants
	Users
	Credentials
	Secrets
	CRM
	Flows
	Connections
	Blobs
	Campaigns
	Analytics
	Webhooks
	// Emit appends an event to the outbox. Outside Tx it commits on its own.
	Emit(ctx context.Context, e Event) error
	// EmitAll appends events in order, in few statements.
	EmitAll(ctx context.Context, events []Event) error
}

// Tenants are workspaces.
type Tenants interface {
	CreateTenant(ctx context.Context, t Tenant) error
	GetTenant(ctx context.Context, id string) (Tenant, error)
}

// Users are people and their roles in tenants.
type Users interface {
	CreateUser(ctx context.Context, u User) error
	GetUser(ctx context.Context, id string) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	SetPassword(ctx context.Context, userID, hash string) error
	AddMember(ctx context.Context, tenantID, userID, role string) error
	GetMember(ctx context.Context, tenantID, userID string) (Member, error)
	ListMembers(ctx context.Context, tenantID string) ([]Member, error)
	SetMemberRole(ctx context.Context, tenantID, userID, role string) error
	RemoveMember(ctx context.Context, tenantID, userID string) error
	TenantsOfUser(ctx context.Context, userID string) ([]Member, error)
}

// Credentials are sessions and API keys.
type Credentials interface {
	CreateSession(ctx context.Context, s Session) error
	SessionByHash(ctx context.Context, hash []byte) (Session, error)
	SetSessionTenant(ctx context.Context, hash []byte, tenantID string) error
	DeleteSession(ctx context.Context, hash []byte) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)

	CreateAPIKey(ctx context.Context, k APIKey) error
	// APIKeyByPrefix is the one unscoped lookup: it is how a request finds
	// its tenant. The caller must compare the hash.
	APIKeyByPrefix(ctx context.Context, prefix string) (APIKey, error)
	ListAPIKeys(ctx context.Context, tenantID string) ([]APIKey, error)
	DeleteAPIKey(ctx context.Context, tenantID, id string) error
	TouchAPIKey(ctx context.Context, id string, at time.Time) error
}

// Secrets are sealed credentials owned by a tenant.
type Secrets interface {
	PutSecret(ctx context.Context, s Secret) error
	GetSecret(ctx context.Context, tenantID, id string) (Secret, error)
	SecretByName(ctx context.Context, tenantID, name string) (Secret, error)
	ListSecrets(ctx context.Context, tenantID string) ([]Secret, error)
	DeleteSecret(ctx context.Context, tenantID, id string) error
	// AllSecrets walks every tenant's secrets; only key rotation uses it.
	AllSecrets(ctx context.Context, fn func(Secret) error) error
	UpdateSecretCiphertext(ctx context.Context, tenantID, id, ciphertext, keyID string) error
}

// Outbox is the relay's side of the outbox.
type Outbox interface {
	// ClaimEvents hands the oldest unpublished events (up to limit, in
	// order) to publish and deletes them only if publish succeeds. Two
	// relays never hold the same events at once.
	ClaimEvents(ctx context.Context, limit int, publish func([]Event) error) (int, error)
	// OutboxBacklog reports how many events wait and the oldest's age.
	OutboxBacklog(ctx context.Context) (int64, time.Time, error)
	// Committed is signalled (without blocking) after a commit that emitted
	// events, so the relay need not poll.
	Committed() <-chan struct{}
}
