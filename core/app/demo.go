package app

import (
	"context"
	"errors"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// Demo login, printed by `serve --demo`.
const (
	DemoEmail    = "demo@masteria.local"
	DemoPassword = "masteria-demo"
)

// DemoLogin is what `serve --demo` tells the user.
type DemoLogin struct {
	Email    string
	Password string
	TenantID string
	APIKey   string // only on the run that created the tenant
}

// EnsureDemo creates the demo tenant and its owner once.
func (a *App) EnsureDemo(ctx context.Context) (DemoLogin, error) {
	login := DemoLogin{Email: DemoEmail, Password: DemoPassword}
	u, err := a.Store.UserByEmail(ctx, DemoEmail)
	if err == nil {
		tenants, err := a.Store.TenantsOfUser(ctx, u.ID)
		if err != nil || len(tenants) == 0 {
			return login, errors.Join(errors.New("demo user has no tenant"), err)
		}
		login.TenantID = tenants[0].TenantID
		return login, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return login, err
	}
	ws, err := a.Tenancy.CreateWorkspace(ctx, tenancy.NewWorkspace{Name: "Demo", Email: DemoEmail, Password: DemoPassword, UserName: "Demo"})
	login.TenantID, login.APIKey = ws.Tenant.ID, ws.APIKey
	return login, err
}
