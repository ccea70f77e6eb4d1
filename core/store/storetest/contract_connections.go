package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

func testConnections(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "ca")
	b, _ := Seed(t, s, "cb")
	c := store.Connection{ID: ids.New("con"), TenantID: a.ID, PluginID: "whatsapp-cloud", Name: "Loja", Config: `{"phone_number_id":"1"}`,
		Secrets: "mia1.x.y", Status: "new", CreatedAt: time.Now()}
	must(t, s.CreateConnection(ctx, c))
	dup := c
	dup.ID = ids.New("con")
	wantErr(t, s.CreateConnection(ctx, dup), store.ErrConflict)
	got, err := s.ConnectionByID(ctx, c.ID)
	if err != nil || got.TenantID != a.ID || got.Secrets != "mia1.x.y" {
		t.Fatalf("%+v %v", got, err)
	}
	_, err = s.GetConnection(ctx, b.ID, c.ID)
	wantErr(t, err, store.ErrNotFound)
	wantErr(t, s.DeleteConnection(ctx, b.ID, c.ID), store.ErrNotFound)
	c.TenantID = b.ID
	wantErr(t, s.UpdateConnection(ctx, c), store.ErrNotFound)
	stored, err := s.ConnectionByID(ctx, c.ID)
	must(t, err)
	// A finding about another version of the config is dropped; one about
	// this version is kept, and leaves the version as it was.
	wantErr(t, s.SetConnectionStatus(ctx, c.ID, "error", "stale", stored.UpdatedAt.Add(-time.Second)), store.ErrNotFound)
	must(t, s.PromoteConnectionStatus(ctx, c.ID, "new", "ok", stored.UpdatedAt.Add(-time.Second))) // another version: no change
	if got, _ := s.ConnectionByID(ctx, c.ID); got.Status != "new" {
		t.Fatalf("a promotion of another version changed the status: %+v", got)
	}
	must(t, s.SetConnectionStatus(ctx, c.ID, "error", "refused", stored.UpdatedAt))
	must(t, s.PromoteConnectionStatus(ctx, c.ID, "new", "ok", stored.UpdatedAt)) // not new: no change
	if got, _ := s.ConnectionByID(ctx, c.ID); got.Status != "error" || got.Detail != "refused" {
		t.Fatalf("a promotion from new changed an error: %+v", got)
	}
	must(t, s.PromoteConnectionStatus(ctx, c.ID, "error", "ok", stored.UpdatedAt))
	if got, _ := s.ConnectionByID(ctx, c.ID); got.Status != "ok" || got.Detail != "" {
		t.Fatalf("promoted: %+v", got)
	}
	must(t, s.SetConnectionStatus(ctx, c.ID, "ok", "", stored.UpdatedAt))
	if got, err := s.ConnectionByID(ctx, c.ID); err != nil || got.Status != "ok" || got.Detail != "" || !got.UpdatedAt.Equal(stored.UpdatedAt) {
		t.Fatalf("after the status: %+v %v", got, err)
	}
	// A saved config starts its status over: the finding was about the old one.
	must(t, s.SetConnectionStatus(ctx, c.ID, "error", "token refused", stored.UpdatedAt))
	stored.TenantID, stored.UpdatedAt = a.ID, stored.UpdatedAt.Add(time.Second)
	must(t, s.UpdateConnection(ctx, stored))
	if got, _ := s.ConnectionByID(ctx, c.ID); got.Status != "new" || got.Detail != "" {
		t.Fatalf("after a save, the old finding stayed: %+v", got)
	}

	now := time.Now()
	must(t, s.KVSet(ctx, c.ID, "cursor", []byte("v1"), time.Time{}))
	must(t, s.KVSet(ctx, c.ID, "cursor", []byte("v2"), time.Time{}))
	must(t, s.KVSet(ctx, c.ID, "short", []byte("x"), now.Add(time.Second)))
	if v, err := s.KVGet(ctx, c.ID, "cursor", now); err != nil || string(v) != "v2" {
		t.Fatalf("kv: %q %v", v, err)
	}
	_, err = s.KVGet(ctx, c.ID, "short", now.Add(2*time.Second))
	wantErr(t, err, store.ErrNotFound)
	must(t, s.KVDelete(ctx, c.ID, "cursor"))
	_, err = s.KVGet(ctx, c.ID, "cursor", now)
	wantErr(t, err, store.ErrNotFound)
	must(t, s.DeleteConnection(ctx, a.ID, c.ID))
}
