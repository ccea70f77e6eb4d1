package tenancy

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store/sqlstore"
)

func newService(t *testing.T) *Service {
	st, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key, _ := secrets.NewKey()
	k, _ := secrets.NewKeyring(key)
	return New(st, k)
}

func TestWorkspaceForAnExistingUserNeedsTheirPassword(t *testing.T) {
	s, ctx := newService(t), context.Background()
	first, err := s.CreateWorkspace(ctx, NewWorkspace{Name: "A", Email: "Ana@Example.com", Password: "password-ana"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateWorkspace(ctx, NewWorkspace{Name: "B", Email: "ana@example.com", Password: "wrong-password"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("another's password was accepted: %v", err)
	}
	second, err := s.CreateWorkspace(ctx, NewWorkspace{Name: "B", Email: "ana@example.com", Password: "password-ana"})
	if err != nil || second.Owner.ID != first.Owner.ID || second.Tenant.ID == first.Tenant.ID {
		t.Fatalf("%+v %v", second, err)
	}
	l, err := s.Login(ctx, "ANA@example.com", "password-ana", second.Tenant.ID, "ip")
	if err != nil || len(l.Tenants) != 2 || l.TenantID != second.Tenant.ID {
		t.Fatalf("login: %+v %v", l, err)
	}
}

func TestSessionsExpireAndFollowMembership(t *testing.T) {
	s, ctx := newService(t), context.Background()
	ws, _ := s.CreateWorkspace(ctx, NewWorkspace{Name: "A", Email: "a@example.com", Password: "password-a"})
	owner := Principal{TenantID: ws.Tenant.ID, UserID: ws.Owner.ID, Role: auth.RoleOwner}
	if _, err := s.AddMember(ctx, owner, NewMember{Email: "b@example.com", Password: "password-b", Role: "admin"}); err != nil {
		t.Fatal(err)
	}
	l, err := s.Login(ctx, "b@example.com", "password-b", "", "ip")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Session(ctx, l.Token)
	if err != nil || p.Role != auth.RoleAdmin {
		t.Fatalf("%+v %v", p, err)
	}
	if _, err := s.SetMemberRole(ctx, owner, p.UserID, "viewer"); err != nil {
		t.Fatal(err)
	}
	if p, _ = s.Session(ctx, l.Token); p.Role != auth.RoleViewer {
		t.Fatalf("demotion not applied to a live session: %s", p.Role)
	}
	if err := s.RemoveMember(ctx, owner, p.UserID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, l.Token); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("removed member kept access: %v", err)
	}
	l2, _ := s.Login(ctx, "a@example.com", "password-a", "", "ip")
	s.Now = func() time.Time { return time.Now().Add(SessionTTL + time.Minute) }
	if _, err := s.Session(ctx, l2.Token); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("expired session accepted: %v", err)
	}
}

func TestRevokedKeysStopWorking(t *testing.T) {
	s, ctx := newService(t), context.Background()
	ws, _ := s.CreateWorkspace(ctx, NewWorkspace{Name: "A", Email: "a@example.com", Password: "password-a"})
	p, err := s.APIKey(ctx, ws.APIKey, "ip")
	if err != nil {
		t.Fatal(err)
	}
	k, err := s.CreateAPIKey(ctx, p, "ci", "agent")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.APIKey(ctx, k.Key, "ip"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAPIKey(ctx, p, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.APIKey(ctx, k.Key, "ip"); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("revoked key accepted: %v", err)
	}
	tampered := ws.APIKey[:len(ws.APIKey)-1] + "x"
	if _, err := s.APIKey(ctx, tampered, "ip"); !apperr.Is(err, apperr.Unauthenticated) {
		t.Fatalf("tampered key accepted: %v", err)
	}
}

func TestSecretsAreBoundToTheirTenantAndName(t *testing.T) {
	s, ctx := newService(t), context.Background()
	a, _ := s.CreateWorkspace(ctx, NewWorkspace{Name: "A", Email: "a@example.com", Password: "password-a"})
	b, _ := s.CreateWorkspace(ctx, NewWorkspace{Name: "B", Email: "b@example.com", Password: "password-b"})
	pa := Principal{TenantID: a.Tenant.ID, Role: auth.RoleOwner}
	pb := Principal{TenantID: b.Tenant.ID, Role: auth.RoleOwner}
	secA, _ := s.PutSecret(ctx, pa, "token", "alpha")
	if _, err := s.PutSecret(ctx, pb, "token", "bravo"); err != nil {
		t.Fatal(err)
	}
	// Copy A's ciphertext into B's row: it must not open as B's secret.
	secB, _ := s.Store.SecretByName(ctx, b.Tenant.ID, "token")
	if err := s.Store.UpdateSecretCiphertext(ctx, b.Tenant.ID, secB.ID, secA.Ciphertext, secA.KeyID); err != nil {
		t.Fatal(err)
	}
	if v, err := s.RevealSecret(ctx, b.Tenant.ID, "token"); err == nil {
		t.Fatalf("a ciphertext moved across tenants opened: %q", v)
	}
	if v, _ := s.RevealSecret(ctx, a.Tenant.ID, "token"); v != "alpha" {
		t.Fatalf("A's secret: %q", v)
	}
}
