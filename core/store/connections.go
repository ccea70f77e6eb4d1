package store

import (
	"context"
	"time"
)

// Connection is a tenant's configured use of a plugin: its non-secret
// config as JSON and its secret fields sealed by the secret box.
type Connection struct {
	ID        string    `json:"id"`
	TenantID  string    `json:"tenant_id"`
	PluginID  string    `json:"plugin_id"`
	Name      string    `json:"name"`
	Config    string    `json:"-"`
	Secrets   string    `json:"-"` // a sealed JSON object of the secret fields
	Status    string    `json:"status"`
	Detail    string    `json:"detail,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Connections are plugin connections and their KV data.
type Connections interface {
	CreateConnection(ctx context.Context, c Connection) error
	GetConnection(ctx context.Context, tenantID, id string) (Connection, error)
	// ConnectionByID is unscoped: a webhook's URL names only the
	// connection, which names its tenant.
	ConnectionByID(ctx context.Context, id string) (Connection, error)
	ListConnections(ctx context.Context, tenantID string) ([]Connection, error)
	// UpdateConnection saves a new version of c's name and config; its
	// status starts over as "new" (with no detail), since what was found
	// was about the config before.
	UpdateConnection(ctx context.Context, c Connection) error
	// SetConnectionStatus records what a check or use found about the
	// connection as configured at version (its UpdatedAt when read): a
	// finding about a config changed since is dropped (ErrNotFound), and
	// UpdatedAt stays as it is, since it is what tells instances with the
	// connection open that their config is current.
	SetConnectionStatus(ctx context.Context, id, status, detail string, version time.Time) error
	// PromoteConnectionStatus sets the status of the connection as
	// configured at version to `to`, only while it is `from` (a use showing
	// a new connection working leaves a check's finding alone). That it was
	// not (any more) is no error.
	PromoteConnectionStatus(ctx context.Context, id, from, to string, version time.Time) error
	DeleteConnection(ctx context.Context, tenantID, id string) error
	// AllConnections is every tenant's connections (secrets rotation).
	AllConnections(ctx context.Context) ([]Connection, error)
	// SetConnectionSecrets replaces a connection's sealed secrets with the
	// same secrets sealed under another key: its version (UpdatedAt) and
	// status stay, since its config has not changed.
	SetConnectionSecrets(ctx context.Context, tenantID, id, sealed string) error

	KVGet(ctx context.Context, connectionID, key string, now time.Time) ([]byte, error)
	KVSet(ctx context.Context, connectionID, key string, value []byte, expires time.Time) error
	KVDelete(ctx context.Context, connectionID, key string) error
}
