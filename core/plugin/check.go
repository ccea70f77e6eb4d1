package plugin

import (
	"context"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/tenancy"
)

// CheckConnection opens the connection afresh with its stored config, so
// the plugin's Provision, Validate and Start run again, and records the
// outcome as the connection's status: "ok", or "error" with the reason.
// A failed check is a result, not an API error.
func (m *Manager) CheckConnection(ctx context.Context, p tenancy.Principal, id string) (ConnectionView, error) {
	if !p.Can(auth.RoleAdmin) {
		return ConnectionView{}, apperr.New(apperr.Forbidden, "this needs the admin role or higher")
	}
	c, err := m.Store.GetConnection(ctx, p.TenantID, id)
	if err != nil {
		return ConnectionView{}, notFound(err)
	}
	m.closeLive(c.ID)
	c.Status, c.Detail = "ok", ""
	if _, err := m.open(ctx, c); err != nil {
		c.Status, c.Detail = "error", err.Error()
	}
	// The stored updated_at is kept: it is what tells an open plugin that
	// its config is current.
	if err := m.Store.SetConnectionStatus(ctx, c.ID, c.Status, c.Detail, c.UpdatedAt); err != nil {
		return ConnectionView{}, notFound(err)
	}
	return m.view(c)
}
