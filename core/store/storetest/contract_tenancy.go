package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// Seed creates a tenant with an owner and returns both.
func Seed(t testing.TB, s store.Store, name string) (store.Tenant, store.User) {
	t.Helper()
	ctx := context.Background()
	ten := store.Tenant{ID: ids.New("ten"), Name: name, CreatedAt: time.Now()}
	u := store.User{ID: ids.New("usr"), Email: name + "-" + ten.ID[4:12] + "@Example.com", Name: name, PasswordHash: "x", CreatedAt: time.Now()}
	err := s.Tx(ctx, func(q store.Queries) error {
		if err := q.CreateTenant(ctx, ten); err != nil {
			return err
		}
		if err := q.CreateUser(ctx, u); err != nil {
			return err
		}
		return q.AddMember(ctx, ten.ID, u.ID, "owner")
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return ten, u
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantErr(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("got error %v, want %v", err, target)
	}
}

func testTenants(t *testing.T, s store.Store) {
	ctx := context.Background()
	ten, u := Seed(t, s, "acme")
	got, err := s.GetTenant(ctx, ten.ID)
	must(t, err)
	if got.Name != "acme" || got.CreatedAt.UnixMilli() != ten.CreatedAt.UnixMilli() {
		t.Fatalf("tenant round trip: %+v", got)
	}
	_, err = s.GetTenant(ctx, "ten_missing")
	wantErr(t, err, store.ErrNotFound)

	byEmail, err := s.UserByEmail(ctx, u.Email) // stored lower-cased, looked up case-insensitively
	must(t, err)
	if byEmail.ID != u.ID || byEmail.Email == u.Email {
		t.Fatalf("email lookup: %+v", byEmail)
	}
	dup := store.User{ID: ids.New("usr"), Email: u.Email, PasswordHash: "x", CreatedAt: time.Now()}
	wantErr(t, s.CreateUser(ctx, dup), store.ErrConflict)
	wantErr(t, s.AddMember(ctx, ten.ID, u.ID, "admin"), store.ErrConflict)

	must(t, s.SetMemberRole(ctx, ten.ID, u.ID, "admin"))
	m, err := s.GetMember(ctx, ten.ID, u.ID)
	must(t, err)
	if m.Role != "admin" || m.Email != byEmail.Email {
		t.Fatalf("member: %+v", m)
	}
	other, _ := Seed(t, s, "beta")
	must(t, s.AddMember(ctx, other.ID, u.ID, "viewer"))
	list, err := s.TenantsOfUser(ctx, u.ID)
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("user should be in 2 tenants, got %+v", list)
	}
	must(t, s.RemoveMember(ctx, other.ID, u.ID))
	wantErr(t, s.RemoveMember(ctx, other.ID, u.ID), store.ErrNotFound)
	must(t, s.SetPassword(ctx, u.ID, "new-hash"))
	again, _ := s.GetUser(ctx, u.ID)
	if again.PasswordHash != "new-hash" {
		t.Fatal("password not updated")
	}
}

// testScoping proves tenant-owned rows are invisible and untouchable
// through another tenant's ID.
func testScoping(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, ua := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	key := store.APIKey{ID: ids.New("key"), TenantID: a.ID, Name: "k", Prefix: "p" + a.ID[4:12], Hash: []byte{1}, Role: "admin", CreatedAt: time.Now()}
	must(t, s.CreateAPIKey(ctx, key))
	sec := store.Secret{ID: ids.New("sec"), TenantID: a.ID, Name: "token", Ciphertext: "c", KeyID: "k", UpdatedAt: time.Now()}
	must(t, s.PutSecret(ctx, sec))

	_, err := s.GetSecret(ctx, b.ID, sec.ID)
	wantErr(t, err, store.ErrNotFound)
	wantErr(t, s.DeleteSecret(ctx, b.ID, sec.ID), store.ErrNotFound)
	wantErr(t, s.UpdateSecretCiphertext(ctx, b.ID, sec.ID, "x", "y"), store.ErrNotFound)
	wantErr(t, s.DeleteAPIKey(ctx, b.ID, key.ID), store.ErrNotFound)
	_, err = s.GetMember(ctx, b.ID, ua.ID)
	wantErr(t, err, store.ErrNotFound)
	wantErr(t, s.SetMemberRole(ctx, b.ID, ua.ID, "viewer"), store.ErrNotFound)
	keys, _ := s.ListAPIKeys(ctx, b.ID)
	secs, _ := s.ListSecrets(ctx, b.ID)
	members, _ := s.ListMembers(ctx, b.ID)
	if len(keys) != 0 || len(secs) != 0 || len(members) != 1 {
		t.Fatalf("tenant b sees a's rows: %d keys %d secrets %d members", len(keys), len(secs), len(members))
	}
	if got, err := s.GetSecret(ctx, a.ID, sec.ID); err != nil || got.Ciphertext != "c" {
		t.Fatalf("a's secret was changed: %+v %v", got, err)
	}
}
