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

// NewWorkspace is what creating a tenant needs: its name and its owner.
type NewWorkspace struct {
	Name     string
	Email    string
	Password string
	UserName string
}

// Workspace is a created tenant, its owner and the owner's first API key
// (shown this once).
type Workspace struct {
	Tenant store.Tenant `json:"tenant"`
	Owner  store.User   `json:"owner"`
	APIKey string       `json:"api_key"`
}

// CreateWorkspace creates a tenant owned by the user with that email,
// creating the user if needed (an existing user's password must match),
// plus an owner API key, in one transaction.
func (s *Service) CreateWorkspace(ctx context.Context, in NewWorkspace) (Workspace, error) {
	if err := validateWorkspace(in); err != nil {
		return Workspace{}, err
	}
	var out Workspace
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		owner, err := s.ownerFor(ctx, q, in)
		if err != nil {
			return err
		}
		out.Owner = owner
		out.Tenant = store.Tenant{ID: ids.New("ten"), Name: strings.TrimSpace(in.Name), CreatedAt: s.now()}
		if err := q.CreateTenant(ctx, out.Tenant); err != nil {
			return err
		}
		if err := q.AddMember(ctx, out.Tenant.ID, owner.ID, string(auth.RoleOwner)); err != nil {
			return err
		}
		p := Principal{TenantID: out.Tenant.ID, UserID: owner.ID, Role: auth.RoleOwner}
		out.APIKey, _, err = s.createAPIKey(ctx, q, p, "owner", auth.RoleOwner)
		if err != nil {
			return err
		}
		return emit(ctx, q, out.Tenant.ID, bus.EventTenantCreated, map[string]any{"tenant_id": out.Tenant.ID, "name": out.Tenant.Name})
	})
	return out, err
}

func validateWorkspace(in NewWorkspace) error {
	fields := map[string]apperr.Field{}
	if strings.TrimSpace(in.Name) == "" || len(in.Name) > 120 {
		fields["name"] = apperr.RequiredMax(120)
	}
	if !validEmail(in.Email) {
		fields["email"] = notEmail
	}
	if err := auth.ValidatePassword(in.Password); err != nil {
		fields["password"] = passwordProblem(err)
	}
	if len(fields) > 0 {
		return apperr.Fields("the workspace cannot be created", fields).Because(apperr.WorkspaceInvalid, nil)
	}
	return nil
}

// ownerFor finds or creates the owning user.
func (s *Service) ownerFor(ctx context.Context, q store.Queries, in NewWorkspace) (store.User, error) {
	u, err := q.UserByEmail(ctx, in.Email)
	if err == nil {
		if ok, _ := auth.VerifyPassword(u.PasswordHash, in.Password); !ok {
			return store.User{}, apperr.New(apperr.Conflict, "a user with this email exists; give their password to add a workspace").
				Because(apperr.EmailRegistered, nil)
		}
		return u, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return store.User{}, err
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return store.User{}, err
	}
	u = store.User{ID: ids.New("usr"), Email: strings.ToLower(strings.TrimSpace(in.Email)), Name: in.UserName, PasswordHash: hash, CreatedAt: s.now()}
	return u, q.CreateUser(ctx, u)
}

// Tenant returns the caller's tenant.
func (s *Service) Tenant(ctx context.Context, p Principal) (store.Tenant, error) {
	t, err := s.Store.GetTenant(ctx, p.TenantID)
	return t, notFound(err, "tenant")
}

// validEmail is a deliberately loose check: one @, a dot in the domain.
func validEmail(e string) bool {
	e = strings.TrimSpace(e)
	at := strings.LastIndexByte(e, '@')
	return len(e) <= 254 && at > 0 && strings.Contains(e[at+1:], ".") && !strings.ContainsAny(e, " \t\r\n<>")
}

// CreateWorkspaceFor lets a logged-in user create another workspace they
// own; their password confirms it.
func (s *Service) CreateWorkspaceFor(ctx context.Context, p Principal, name, password string) (Workspace, error) {
	if p.UserID == "" {
		return Workspace{}, apperr.New(apperr.Forbidden, "API keys cannot create workspaces; log in")
	}
	u, err := s.Store.GetUser(ctx, p.UserID)
	if err != nil {
		return Workspace{}, notFound(err, "user")
	}
	return s.CreateWorkspace(ctx, NewWorkspace{Name: name, Email: u.Email, Password: password, UserName: u.Name})
}
