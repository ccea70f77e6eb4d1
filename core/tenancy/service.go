// Package tenancy is workspaces, people, credentials and secrets: who may
// do what in which tenant. Every method that touches tenant data takes the
// caller's Principal and scopes by its tenant.
package tenancy

import (
	"errors"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
)

// SessionTTL is how long a login lasts.
const SessionTTL = 14 * 24 * time.Hour

// Service holds the tenancy use cases.
type Service struct {
	Store   store.Store
	Keyring *secrets.Keyring
	// Limiter counts failed logins and API keys; nil disables limiting.
	Limiter *auth.FailureLimiter
	Now     func() time.Time
}

// New makes a Service with a limiter of 10 failures per 15 minutes per key.
func New(s store.Store, k *secrets.Keyring) *Service {
	return &Service{Store: s, Keyring: k, Limiter: auth.NewFailureLimiter(10, 15*time.Minute, time.Now), Now: store.Now}
}

// Principal is an authenticated caller acting inside one tenant.
type Principal struct {
	TenantID string    `json:"tenant_id"`
	UserID   string    `json:"user_id,omitempty"`
	APIKeyID string    `json:"api_key_id,omitempty"`
	Role     auth.Role `json:"role"`
}

// Can tells whether p holds at least role min.
func (p Principal) Can(min auth.Role) bool { return p.Role.AtLeast(min) }

// SystemActor is the actor of what the platform does by itself: flows,
// channel plugins, the scheduler.
const SystemActor = "system"

// Actor is how p is recorded wherever the platform keeps who did
// something (created_by, author_id, a card's history, an event's "by"):
// a user's ID (usr_…), an API key's ID (key_…), or SystemActor. IDs carry
// their kind in their prefix, so one form serves both and stays an ID a
// client can look up (GET /api/v1/members, GET /api/v1/api-keys).
func (p Principal) Actor() string {
	switch {
	case p.UserID != "":
		return p.UserID
	case p.APIKeyID != "":
		return p.APIKeyID
	}
	return SystemActor
}

// require fails with forbidden unless p holds min.
func require(p Principal, min auth.Role) error {
	if !p.Can(min) {
		return apperr.NeedRole(min)
	}
	return nil
}

// notFound turns store.ErrNotFound into a client-facing not_found.
func notFound(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.NotFoundf("%s not found", what)
	}
	return err
}

// now is the clock as the store keeps times, so a created tenant, user
// or key reads the same in its answer as in a later GET.
func (s *Service) now() time.Time {
	if s.Now == nil {
		return store.Now()
	}
	return store.AsStored(s.Now())
}
