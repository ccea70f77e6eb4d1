package tenancy

import (
	"context"
	"strings"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// APIKey authenticates a bearer key. client identifies the caller for
// rate limiting failures.
func (s *Service) APIKey(ctx context.Context, plain, client string) (Principal, error) {
	key := "apikey:" + client
	if err := s.allow(key); err != nil {
		return Principal{}, err
	}
	bad := apperr.New(apperr.Unauthenticated, "invalid API key")
	prefix, err := auth.ParseAPIKey(plain)
	if err != nil {
		s.fail(key)
		return Principal{}, bad
	}
	k, err := s.Store.APIKeyByPrefix(ctx, prefix)
	if err != nil || !auth.APIKeyMatches(plain, k.Hash) {
		s.fail(key)
		return Principal{}, bad
	}
	if k.LastUsedAt == nil || s.now().Sub(*k.LastUsedAt) > time.Minute {
		_ = s.Store.TouchAPIKey(ctx, k.ID, s.now()) // coarse, so hot keys don't write per request
	}
	return Principal{TenantID: k.TenantID, APIKeyID: k.ID, Role: auth.Role(k.Role)}, nil
}

// CreatedAPIKey is a new key; Key is shown this once and never again.
type CreatedAPIKey struct {
	store.APIKey
	Key string `json:"key"`
}

// CreateAPIKey makes a key with a role no higher than the caller's.
func (s *Service) CreateAPIKey(ctx context.Context, p Principal, name, role string) (CreatedAPIKey, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return CreatedAPIKey{}, err
	}
	r, err := auth.ParseRole(role)
	fields := map[string]apperr.Field{}
	if err != nil {
		fields["role"] = unknownRole
	} else if !p.Role.AtLeast(r) {
		fields["role"] = roleTooHigh
	}
	if n := strings.TrimSpace(name); n == "" || len(n) > 80 {
		fields["name"] = apperr.RequiredMax(80)
	}
	if len(fields) > 0 {
		return CreatedAPIKey{}, apperr.Fields("the API key cannot be created", fields).Because(apperr.APIKeyInvalid, nil)
	}
	var out CreatedAPIKey
	err = s.Store.Tx(ctx, func(q store.Queries) error {
		var err error
		out.Key, out.APIKey, err = s.createAPIKey(ctx, q, p, strings.TrimSpace(name), r)
		return err
	})
	return out, err
}

func (s *Service) createAPIKey(ctx context.Context, q store.Queries, p Principal, name string, role auth.Role) (string, store.APIKey, error) {
	plain, prefix, hash, err := auth.NewAPIKey()
	if err != nil {
		return "", store.APIKey{}, err
	}
	k := store.APIKey{ID: ids.New("key"), TenantID: p.TenantID, Name: name, Prefix: prefix, Hash: hash,
		Role: string(role), CreatedBy: p.Actor(), CreatedAt: s.now()}
	if err := q.CreateAPIKey(ctx, k); err != nil {
		return "", store.APIKey{}, err
	}
	return plain, k, emit(ctx, q, p.TenantID, bus.EventAPIKeyCreated, map[string]any{"id": k.ID, "name": k.Name, "role": k.Role})
}

// ListAPIKeys lists the tenant's keys (never their secrets).
func (s *Service) ListAPIKeys(ctx context.Context, p Principal) ([]store.APIKey, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return nil, err
	}
	return s.Store.ListAPIKeys(ctx, p.TenantID)
}

// DeleteAPIKey revokes a key of the caller's tenant.
func (s *Service) DeleteAPIKey(ctx context.Context, p Principal, id string) error {
	if err := require(p, auth.RoleAdmin); err != nil {
		return err
	}
	return s.Store.Tx(ctx, func(q store.Queries) error {
		if err := q.DeleteAPIKey(ctx, p.TenantID, id); err != nil {
			return notFound(err, "API key")
		}
		return emit(ctx, q, p.TenantID, bus.EventAPIKeyDeleted, map[string]any{"id": id})
	})
}
