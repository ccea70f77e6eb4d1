package storetest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

func testSessions(t *testing.T, s store.Store) {
	ctx := context.Background()
	ten, u := Seed(t, s, "s")
	live := store.Session{TokenHash: []byte("live-hash"), UserID: u.ID, TenantID: ten.ID,
		ExpiresAt: time.Now().Add(time.Hour), CreatedAt: time.Now()}
	old := live
	old.TokenHash, old.ExpiresAt = []byte("old-hash"), time.Now().Add(-time.Minute)
	must(t, s.CreateSession(ctx, live))
	must(t, s.CreateSession(ctx, old))
	got, err := s.SessionByHash(ctx, live.TokenHash)
	must(t, err)
	if got.UserID != u.ID || got.ExpiresAt.UnixMilli() != live.ExpiresAt.UnixMilli() {
		t.Fatalf("session: %+v", got)
	}
	n, err := s.DeleteExpiredSessions(ctx, time.Now())
	must(t, err)
	if n != 1 {
		t.Fatalf("expired sessions deleted: %d, want 1", n)
	}
	_, err = s.SessionByHash(ctx, old.TokenHash)
	wantErr(t, err, store.ErrNotFound)
	other, _ := Seed(t, s, "s2")
	must(t, s.SetSessionTenant(ctx, live.TokenHash, other.ID))
	got, _ = s.SessionByHash(ctx, live.TokenHash)
	if got.TenantID != other.ID {
		t.Fatal("session tenant not switched")
	}
	must(t, s.DeleteSession(ctx, live.TokenHash))
	_, err = s.SessionByHash(ctx, live.TokenHash)
	wantErr(t, err, store.ErrNotFound)
}

func testAPIKeys(t *testing.T, s store.Store) {
	ctx := context.Background()
	ten, u := Seed(t, s, "k")
	k := store.APIKey{ID: ids.New("key"), TenantID: ten.ID, Name: "ci", Prefix: "abcd1234", Hash: []byte{9, 8, 7},
		Role: "agent", CreatedBy: u.ID, CreatedAt: time.Now()}
	must(t, s.CreateAPIKey(ctx, k))
	dup := k
	dup.ID = ids.New("key")
	wantErr(t, s.CreateAPIKey(ctx, dup), store.ErrConflict)
	got, err := s.APIKeyByPrefix(ctx, "abcd1234")
	must(t, err)
	if got.TenantID != ten.ID || !bytes.Equal(got.Hash, k.Hash) || got.Role != "agent" || got.LastUsedAt != nil {
		t.Fatalf("api key: %+v", got)
	}
	used := time.Now()
	must(t, s.TouchAPIKey(ctx, k.ID, used))
	list, err := s.ListAPIKeys(ctx, ten.ID)
	must(t, err)
	if len(list) != 1 || list[0].LastUsedAt == nil || list[0].LastUsedAt.UnixMilli() != used.UnixMilli() {
		t.Fatalf("list: %+v", list)
	}
	must(t, s.DeleteAPIKey(ctx, ten.ID, k.ID))
	_, err = s.APIKeyByPrefix(ctx, "abcd1234")
	wantErr(t, err, store.ErrNotFound)
}

func testSecrets(t *testing.T, s store.Store) {
	ctx := context.Background()
	ten, _ := Seed(t, s, "x")
	first := store.Secret{ID: ids.New("sec"), TenantID: ten.ID, Name: "wa-token", Ciphertext: "c1", KeyID: "k1", UpdatedAt: time.Now()}
	must(t, s.PutSecret(ctx, first))
	replaced := first
	replaced.ID, replaced.Ciphertext = ids.New("sec"), "c2"
	must(t, s.PutSecret(ctx, replaced)) // same name: replaces, keeps the first ID
	got, err := s.SecretByName(ctx, ten.ID, "wa-token")
	must(t, err)
	if got.ID != first.ID || got.Ciphertext != "c2" {
		t.Fatalf("upsert by name: %+v", got)
	}
	must(t, s.UpdateSecretCiphertext(ctx, ten.ID, first.ID, "c3", "k2"))
	var walked []store.Secret
	must(t, s.AllSecrets(ctx, func(sec store.Secret) error { walked = append(walked, sec); return nil }))
	if len(walked) != 1 || walked[0].KeyID != "k2" || walked[0].Ciphertext != "c3" {
		t.Fatalf("walk: %+v", walked)
	}
	must(t, s.DeleteSecret(ctx, ten.ID, first.ID))
	list, _ := s.ListSecrets(ctx, ten.ID)
	if len(list) != 0 {
		t.Fatal("secret not deleted")
	}
}
