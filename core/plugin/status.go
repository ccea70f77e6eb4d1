package plugin

import (
	"context"
	"errors"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
)

// The statuses of a connection, each about its config as it is now.
const (
	statusNew   = "new"   // created, and not yet seen working
	statusOK    = "ok"    // its check passed, or it has worked
	statusError = "error" // its check, or opening it, failed: Detail says why
)

// setStatus records a check's finding about c and tells its open plugin,
// so its uses leave the status alone. A connection changed or removed
// during the check is a conflict: the finding was about another config.
func (m *Manager) setStatus(ctx context.Context, c store.Connection, status, detail string) error {
	err := m.Store.SetConnectionStatus(ctx, c.ID, status, detail, c.UpdatedAt)
	if errors.Is(err, store.ErrNotFound) {
		return apperr.New(apperr.Conflict, "the connection was changed or removed during the check: check it again").
			Because(apperr.ConnectionChanged, nil)
	}
	if err != nil {
		return err
	}
	m.mu.Lock()
	if l, ok := m.live[c.ID]; ok && l.conn.UpdatedAt.Equal(c.UpdatedAt) {
		l.known.Store(true)
	}
	m.mu.Unlock()
	return nil
}

// worked records that a use showed a new connection working (an action
// that succeeded, a webhook the plugin took) as its status "ok". It writes
// once per opened connection at most, and never once the status is known,
// so webhooks at thousands a second cost one atomic load each; the write
// changes only a status still "new", leaving a check's finding alone.
func (m *Manager) worked(ctx context.Context, l *live) {
	if l.known.Load() || !l.known.CompareAndSwap(false, true) {
		return
	}
	if err := m.Store.PromoteConnectionStatus(ctx, l.conn.ID, statusNew, statusOK, l.conn.UpdatedAt); err != nil {
		m.Log.Warn("recording a connection's status", "connection", l.conn.ID, "err", err)
	}
}
