package tenancy

import (
	"context"
	"errors"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/store"
)

// Login is a successful sign-in: the session token for the cookie, and the
// tenants the user may switch between.
type Login struct {
	Token    string         `json:"-"`
	User     store.User     `json:"user"`
	TenantID string         `json:"tenant_id"`
	Tenants  []store.Member `json:"tenants"`
}

var errBadLogin = apperr.New(apperr.Unauthenticated, "wrong email or password")

// Login checks an email and password and opens a session in the user's
// first tenant (or tenantID, if given and the user belongs to it). client
// identifies the caller (its IP) for rate limiting failures.
func (s *Service) Login(ctx context.Context, email, password, tenantID, client string) (Login, error) {
	key := "login:" + client + ":" + strings.ToLower(email)
	if err := s.allow(key); err != nil {
		return Login{}, err
	}
	u, err := s.Store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return Login{}, err
	}
	ok := false
	if err == nil {
		ok, _ = auth.VerifyPassword(u.PasswordHash, password)
	} else {
		_, _ = auth.VerifyPassword(dummyHash, password) // same work whether or not the email exists
	}
	if !ok {
		s.fail(key)
		return Login{}, errBadLogin
	}
	s.reset(key)
	return s.openSession(ctx, u, tenantID)
}

// dummyHash is verified when the email is unknown, so timing does not tell
// which emails exist.
var dummyHash, _ = auth.HashPassword("not-a-real-password")

func (s *Service) openSession(ctx context.Context, u store.User, tenantID string) (Login, error) {
	tenants, err := s.Store.TenantsOfUser(ctx, u.ID)
	if err != nil {
		return Login{}, err
	}
	if len(tenants) == 0 {
		return Login{}, apperr.New(apperr.Forbidden, "this user belongs to no workspace")
	}
	chosen := tenants[0].TenantID
	for _, m := range tenants {
		if m.TenantID == tenantID {
			chosen = tenantID
		}
	}
	plain, hash, err := auth.NewSessionToken()
	if err != nil {
		return Login{}, err
	}
	now := s.now()
	err = s.Store.CreateSession(ctx, store.Session{TokenHash: hash, UserID: u.ID, TenantID: chosen, ExpiresAt: now.Add(SessionTTL), CreatedAt: now})
	return Login{Token: plain, User: u, TenantID: chosen, Tenants: tenants}, err
}

// Session authenticates a session token; the role comes from the current
// membership, so a demoted or removed user loses access at once.
func (s *Service) Session(ctx context.Context, token string) (Principal, error) {
	sess, err := s.Store.SessionByHash(ctx, auth.HashToken(token))
	if err != nil || !sess.ExpiresAt.After(s.now()) {
		return Principal{}, apperr.New(apperr.Unauthenticated, "session expired or unknown; log in again")
	}
	m, err := s.Store.GetMember(ctx, sess.TenantID, sess.UserID)
	if err != nil {
		return Principal{}, apperr.New(apperr.Unauthenticated, "no longer a member of this workspace; log in again")
	}
	return Principal{TenantID: sess.TenantID, UserID: sess.UserID, Role: auth.Role(m.Role)}, nil
}

// Logout ends the session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, auth.HashToken(token))
}

// SwitchTenant moves a session to another tenant the user belongs to.
func (s *Service) SwitchTenant(ctx context.Context, token string, p Principal, tenantID string) (Principal, error) {
	if p.UserID == "" {
		return Principal{}, apperr.New(apperr.Forbidden, "API keys belong to one workspace")
	}
	m, err := s.Store.GetMember(ctx, tenantID, p.UserID)
	if err != nil {
		return Principal{}, notFound(err, "tenant")
	}
	if err := s.Store.SetSessionTenant(ctx, auth.HashToken(token), tenantID); err != nil {
		return Principal{}, err
	}
	return Principal{TenantID: tenantID, UserID: p.UserID, Role: auth.Role(m.Role)}, nil
}

// Me is the caller: who, in which tenant, and the tenants they can
// switch to.
type Me struct {
	Principal Principal      `json:"principal"`
	Tenant    store.Tenant   `json:"tenant"`
	User      *store.User    `json:"user,omitempty"`
	Tenants   []store.Member `json:"tenants"`
}

// Me describes the caller.
func (s *Service) Me(ctx context.Context, p Principal) (Me, error) {
	out := Me{Principal: p, Tenants: []store.Member{}}
	t, err := s.Tenant(ctx, p)
	if err != nil {
		return out, err
	}
	out.Tenant = t
	if p.UserID == "" {
		return out, nil
	}
	u, err := s.Store.GetUser(ctx, p.UserID)
	if err != nil {
		return out, err
	}
	out.User = &u
	out.Tenants, err = s.Store.TenantsOfUser(ctx, p.UserID)
	return out, err
}

func (s *Service) allow(key string) error {
	if s.Limiter == nil {
		return nil
	}
	if ok, after := s.Limiter.Allow(key); !ok {
		return apperr.New(apperr.RateLimited, "too many failed attempts; try again later").
			Because(apperr.TooManyAttempts, nil).Retry(after)
	}
	return nil
}

func (s *Service) fail(key string) {
	if s.Limiter != nil {
		s.Limiter.Fail(key)
	}
}

func (s *Service) reset(key string) {
	if s.Limiter != nil {
		s.Limiter.Reset(key)
	}
}
