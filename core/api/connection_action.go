package api

import (
	"cmp"
	"context"
	"errors"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// connectionActionCall is a plugin action run on one connection for a
// route: the templates catalog, the WhatsApp number.
type connectionActionCall struct {
	action string
	// unsupported is the 409 for a connection whose plugin lacks action
	// (title: the plugin's title).
	unsupported func(conn store.Connection, title string) error
	// failure says why the provider gave nothing, by the error's class;
	// the provider's own text goes to the log only.
	failure func(error) error
}

// runConnectionAction finds the tenant's connection id (404 for an unknown or another
// tenant's), checks its plugin has the action and runs it.
func (a *API) runConnectionAction(ctx context.Context, m *plugin.Manager, p tenancy.Principal, id string, call connectionActionCall) (map[string]any, error) {
	conn, err := a.Store.GetConnection(ctx, p.TenantID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, apperr.NotFoundf("connection not found")
	} else if err != nil {
		return nil, err
	}
	man, _ := m.Manifest(conn.PluginID)
	if _, ok := man.Action(call.action); !ok {
		return nil, call.unsupported(conn, cmp.Or(man.Title, conn.PluginID))
	}
	res, err := m.InvokeAction(ctx, p.TenantID, call.action, map[string]any{"connection": conn.Name}, "")
	if err != nil {
		a.Log.Warn("connection action", "tenant", p.TenantID, "connection", conn.ID, "action", call.action, "err", err)
		return nil, call.failure(err)
	}
	return res, nil
}
