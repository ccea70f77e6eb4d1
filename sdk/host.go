package sdk

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// ErrNotFound is returned by [KV.Get] and [Secrets.Get] for a missing key.
var ErrNotFound = errors.New("sdk: not found")

// Host bundles the services the host lends a plugin, handed over at
// [Provisioner.Provision]. The same interfaces are served over gRPC to
// subprocess plugins and as host functions to WASM modules, so plugin code
// does not care where it runs. Services the manifest does not declare fail
// with [ErrNotPermitted] (see [Permissions.Restrict]).
type Host struct {
	KV      KV
	Secrets Secrets
	HTTP    HTTP
	Events  Events
	Log     Log
	Clock   Clock
	Blobs   Blobs
}

// KV is a small key-value store private to one connection: cursors, tokens,
// de-duplication marks.
type KV interface {
	// Get returns the value, or an error wrapping ErrNotFound.
	Get(ctx context.Context, key string) ([]byte, error)
	// Set stores value; a positive ttl makes it expire, zero keeps it.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Delete removes the key; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// Secrets reads the connection's secrets, decrypted on demand.
type Secrets interface {
	// Get returns the secret, or an error wrapping ErrNotFound.
	Get(ctx context.Context, name string) (string, error)
}

// HTTP makes outbound requests, only to the hosts the manifest declares.
// *http.Client implements it. The request's context bounds the call.
type HTTP interface {
	Do(req *http.Request) (*http.Response, error)
}

// Events publishes events on the bus.
type Events interface {
	// Emit publishes payload (which must marshal to JSON) on subject. msgID
	// de-duplicates redeliveries, as [Event.ID] does.
	Emit(ctx context.Context, subject string, payload any, msgID string) error
}

// Log writes structured logs tagged with the plugin and connection.
// *slog.Logger implements it.
type Log interface {
	Debug(msg string, args ...any)
	Info(msg string, args ...any)
	Warn(msg string, args ...any)
	Error(msg string, args ...any)
}

// Clock tells the time, so tests and simulations can control it.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// SystemClock returns the wall clock.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

// IsSystemClock reports whether c is [SystemClock]: a plugin in another
// process may then read time locally.
func IsSystemClock(c Clock) bool {
	_, ok := c.(systemClock)
	return ok
}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
