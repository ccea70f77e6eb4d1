package plugin

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// checkTimeout bounds a plugin's test of its provider (sdk.Checker).
const checkTimeout = 20 * time.Second

// CheckConnection opens the connection afresh with its stored config, so
// the plugin's Provision, Validate and Start run again, then has the plugin
// test it against its provider when it can (sdk.Checker: the credentials
// accepted, the number found), and records the outcome as the connection's
// status: "ok", or "error" with the reason. A failed check is a result, not
// an API error.
func (m *Manager) CheckConnection(ctx context.Context, p tenancy.Principal, id string) (ConnectionView, error) {
	if !p.Can(auth.RoleAdmin) {
		return ConnectionView{}, apperr.NeedRole(auth.RoleAdmin)
	}
	c, err := m.Store.GetConnection(ctx, p.TenantID, id)
	if err != nil {
		return ConnectionView{}, notFound(err)
	}
	m.closeLive(c.ID)
	c.Status, c.Detail = statusOK, ""
	if err := m.check(ctx, c); err != nil {
		c.Status, c.Detail = statusError, err.Error()
	}
	// The stored updated_at is kept: it is what tells an open plugin that
	// its config is current.
	if err := m.setStatus(ctx, c, c.Status, c.Detail); err != nil {
		return ConnectionView{}, err
	}
	return m.view(c)
}

// check opens c and runs the plugin's provider test, if it has one.
func (m *Manager) check(ctx context.Context, c store.Connection) error {
	p, err := m.open(ctx, c)
	if err != nil {
		return err
	}
	ch, ok := p.(sdk.Checker)
	if !ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	return ch.Check(ctx)
}
