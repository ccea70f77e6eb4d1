package sdktest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
)

// NewHost returns in-memory host services for one test connection: a
// [MemoryKV], empty [Secrets], an [EventLog], a logger writing to tb, the
// wall clock, an http.Client that reaches only the manifest's hosts, and
// [MemoryBlobs].
func NewHost(tb testing.TB, m sdk.Manifest) sdk.Host {
	return sdk.Host{
		KV:      NewMemoryKV(sdk.SystemClock()),
		Secrets: Secrets{},
		HTTP:    &http.Client{Transport: sdk.NewEgressGuard(m.Permissions.Hosts, nil)},
		Events:  &EventLog{},
		Log:     NewLogger(tb),
		Clock:   sdk.SystemClock(),
		Blobs:   &MemoryBlobs{},
	}
}

// MemoryKV is an in-memory [sdk.KV] honouring TTLs against its clock.
type MemoryKV struct {
	mu    sync.Mutex
	clock sdk.Clock
	items map[string]kvItem
}

type kvItem struct {
	value   []byte
	expires time.Time // zero: never
}

// NewMemoryKV returns an empty store reading time from clock.
func NewMemoryKV(clock sdk.Clock) *MemoryKV {
	return &MemoryKV{clock: clock, items: map[string]kvItem{}}
}

// Get returns a copy of the value, or an error wrapping sdk.ErrNotFound.
func (kv *MemoryKV) Get(_ context.Context, key string) ([]byte, error) {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	it, ok := kv.items[key]
	if !ok || (!it.expires.IsZero() && !kv.clock.Now().Before(it.expires)) {
		return nil, fmt.Errorf("%w: key %q", sdk.ErrNotFound, key)
	}
	return append([]byte(nil), it.value...), nil
}

// Set stores a copy of value, expiring after ttl when ttl is positive.
func (kv *MemoryKV) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	it := kvItem{value: append([]byte(nil), value...)}
	if ttl > 0 {
		it.expires = kv.clock.Now().Add(ttl)
	}
	kv.items[key] = it
	return nil
}

// Delete removes key.
func (kv *MemoryKV) Delete(_ context.Context, key string) error {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	delete(kv.items, key)
	return nil
}

// Secrets is a fixed map of secrets implementing [sdk.Secrets].
type Secrets map[string]string

// Get returns the secret, or an error wrapping sdk.ErrNotFound.
func (s Secrets) Get(_ context.Context, name string) (string, error) {
	v, ok := s[name]
	if !ok {
		return "", fmt.Errorf("%w: secret %q", sdk.ErrNotFound, name)
	}
	return v, nil
}

// EventLog records emitted events, implementing [sdk.Events].
type EventLog struct {
	mu     sync.Mutex
	events []sdk.Event
}

// Emit records the event.
func (l *EventLog) Emit(_ context.Context, subject string, payload any, msgID string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, sdk.Event{Subject: subject, ID: msgID, Payload: payload})
	return nil
}

// Emitted returns the events recorded so far.
func (l *EventLog) Emitted() []sdk.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]sdk.Event(nil), l.events...)
}

// NewLogger returns a logger writing to tb's log that goes quiet once the
// test ends, so a plugin's background goroutines cannot fail a later test.
func NewLogger(tb testing.TB) *slog.Logger {
	w := &testWriter{tb: tb}
	tb.Cleanup(w.stop)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct {
	mu   sync.Mutex
	tb   testing.TB
	done bool
}

func (w *testWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.tb.Log(strings.TrimSuffix(string(b), "\n"))
	}
	return len(b), nil
}

func (w *testWriter) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.done = true
}
