package tenancy

import (
	"context"
	"errors"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// NewMember adds a person to the caller's tenant; a new user needs a
// password, an existing one keeps theirs.
type NewMember struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Password string `json:"password"`
	Role     string `json:"role"`
}

// ListMembers lists the people of the caller's tenant.
func (s *Service) ListMembers(ctx context.Context, p Principal) ([]store.Member, error) {
	return s.Store.ListMembers(ctx, p.TenantID)
}

// AddMember adds a user (creating them if new) with a role no higher than
// the caller's.
func (s *Service) AddMember(ctx context.Context, p Principal, in NewMember) (store.Member, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return store.Member{}, err
	}
	role, err := s.grantable(p, in.Role)
	if err != nil {
		return store.Member{}, err
	}
	if !validEmail(in.Email) {
		return store.Member{}, apperr.Fields("the member cannot be added", map[string]apperr.Field{"email": notEmail}).Because(apperr.MemberInvalid, nil)
	}
	var out store.Member
	err = s.Store.Tx(ctx, func(q store.Queries) error {
		u, err := s.userForMember(ctx, q, in)
		if err != nil {
			return err
		}
		if err := q.AddMember(ctx, p.TenantID, u.ID, string(role)); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return apperr.New(apperr.Conflict, "%s is already a member", u.Email).Because(apperr.AlreadyMember, apperr.P{"email": u.Email})
			}
			return err
		}
		if out, err = q.GetMember(ctx, p.TenantID, u.ID); err != nil {
			return err
		}
		return emit(ctx, q, p.TenantID, bus.EventMemberAdded, map[string]any{"user_id": u.ID, "role": role})
	})
	return out, err
}

func (s *Service) userForMember(ctx context.Context, q store.Queries, in NewMember) (store.User, error) {
	u, err := q.UserByEmail(ctx, in.Email)
	if !errors.Is(err, store.ErrNotFound) {
		return u, err
	}
	if err := auth.ValidatePassword(in.Password); err != nil {
		return u, apperr.Fields("a new user needs a password", map[string]apperr.Field{"password": passwordProblem(err)}).Because(apperr.MemberInvalid, nil)
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return u, err
	}
	u = store.User{ID: ids.New("usr"), Email: strings.ToLower(strings.TrimSpace(in.Email)), Name: in.Name, PasswordHash: hash, CreatedAt: s.now()}
	return u, q.CreateUser(ctx, u)
}

// SetMemberRole changes a member's role. Nobody grants above their own
// role, and the last owner cannot be demoted.
func (s *Service) SetMemberRole(ctx context.Context, p Principal, userID, role string) (store.Member, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return store.Member{}, err
	}
	r, err := s.grantable(p, role)
	if err != nil {
		return store.Member{}, err
	}
	var out store.Member
	err = s.Store.Tx(ctx, func(q store.Queries) error {
		if err := s.guardOwners(ctx, q, p, userID, r); err != nil {
			return err
		}
		if err := q.SetMemberRole(ctx, p.TenantID, userID, string(r)); err != nil {
			return notFound(err, "member")
		}
		out, err = q.GetMember(ctx, p.TenantID, userID)
		if err != nil {
			return err
		}
		return emit(ctx, q, p.TenantID, bus.EventMemberChanged, map[string]any{"user_id": userID, "role": r})
	})
	return out, err
}

// RemoveMember takes a user out of the caller's tenant.
func (s *Service) RemoveMember(ctx context.Context, p Principal, userID string) error {
	if err := require(p, auth.RoleAdmin); err != nil {
		return err
	}
	return s.Store.Tx(ctx, func(q store.Queries) error {
		if err := s.guardOwners(ctx, q, p, userID, ""); err != nil {
			return err
		}
		if err := q.RemoveMember(ctx, p.TenantID, userID); err != nil {
			return notFound(err, "member")
		}
		return emit(ctx, q, p.TenantID, bus.EventMemberRemoved, map[string]any{"user_id": userID})
	})
}

// guardOwners stops an admin from touching an owner and keeps one owner.
func (s *Service) guardOwners(ctx context.Context, q store.Queries, p Principal, userID string, newRole auth.Role) error {
	m, err := q.GetMember(ctx, p.TenantID, userID)
	if err != nil {
		return notFound(err, "member")
	}
	if m.Role != string(auth.RoleOwner) || newRole == auth.RoleOwner {
		return nil
	}
	if !p.Can(auth.RoleOwner) {
		return apperr.New(apperr.Forbidden, "only an owner can change an owner").Because(apperr.OwnerOnly, nil)
	}
	all, err := q.ListMembers(ctx, p.TenantID)
	if err != nil {
		return err
	}
	owners := 0
	for _, o := range all {
		if o.Role == string(auth.RoleOwner) {
			owners++
		}
	}
	if owners <= 1 {
		return apperr.New(apperr.Conflict, "a workspace keeps at least one owner").Because(apperr.LastOwner, nil)
	}
	return nil
}

func (s *Service) grantable(p Principal, role string) (auth.Role, error) {
	r, err := auth.ParseRole(role)
	if err != nil {
		return "", apperr.Fields("unknown role", map[string]apperr.Field{"role": unknownRole}).Because(apperr.MemberInvalid, nil)
	}
	if !p.Role.AtLeast(r) {
		return "", apperr.Fields("role too high", map[string]apperr.Field{"role": roleTooHigh}).Because(apperr.MemberInvalid, nil)
	}
	return r, nil
}
