package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// host builds the services one connection gets: its KV in the store, its
// own sealed secrets, events into the sink, logs tagged with it, the clock,
// its tenant's blobs. HTTP egress is the runtime's (grpchost and wasmhost
// guard it).
func (m *Manager) host(c store.Connection, secrets map[string]any) sdk.Host {
	log := m.Log.With("plugin", c.PluginID, "connection", c.ID)
	h := sdk.Host{
		KV:      kv{m.Store, c.ID},
		Secrets: connSecrets(secrets),
		Events:  events{m, c},
		Log:     log,
		Clock:   sdk.SystemClock(),
	}
	if m.Blobs != nil {
		h.Blobs = m.Blobs.ForConnection(c.TenantID, c.ID)
	}
	return h
}

type kv struct {
	st   store.Store
	conn string
}

func (k kv) Get(ctx context.Context, key string) ([]byte, error) {
	v, err := k.st.KVGet(ctx, k.conn, key, time.Now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("kv %q: %w", key, sdk.ErrNotFound)
	}
	return v, err
}

func (k kv) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	var exp time.Time
	if ttl > 0 {
		exp = time.Now().Add(ttl)
	}
	return k.st.KVSet(ctx, k.conn, key, value, exp)
}

func (k kv) Delete(ctx context.Context, key string) error { return k.st.KVDelete(ctx, k.conn, key) }

type connSecrets map[string]any

func (s connSecrets) Get(_ context.Context, name string) (string, error) {
	v, ok := s[name]
	if !ok {
		return "", fmt.Errorf("secret %q: %w", name, sdk.ErrNotFound)
	}
	return fmt.Sprint(v), nil
}

type events struct {
	m *Manager
	c store.Connection
}

// Emit hands the event to the sink; the message ID is scoped to the
// connection so two connections' provider IDs never collide.
func (e events) Emit(ctx context.Context, subject string, payload any, msgID string) error {
	raw, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	return e.m.sink()(ctx, e.c, subject, raw, e.c.ID+":"+msgID)
}

func (m *Manager) sink() EventSink {
	if m.Sink != nil {
		return m.Sink
	}
	return OutboxSink(m.Store)
}

// OutboxSink writes events to the outbox as they are.
func OutboxSink(st store.Store) EventSink {
	return func(ctx context.Context, c store.Connection, subject string, payload []byte, msgID string) error {
		return st.Emit(ctx, store.Event{TenantID: c.TenantID, Type: subject, MsgID: msgID, Payload: payload})
	}
}
