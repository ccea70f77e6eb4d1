// Package crm holds what the CRM's domain packages share: events, error
// mapping, permission checks and the system principal. The domain itself
// lives in the sub-packages: contacts (people, consent, imports, LGPD),
// inbox (conversations and messages), kanban (boards and cards) and the
// helpers phone (E.164) and kanban/rank (fractional ordering keys).
package crm

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// Emit writes an event to the outbox in the caller's transaction.
func Emit(ctx context.Context, q store.Queries, tenantID, typ string, payload any) error {
	body, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	return q.Emit(ctx, store.Event{TenantID: tenantID, Type: typ, MsgID: ids.New("evt"), Payload: body})
}

// NotFound turns store.ErrNotFound into a client-facing not_found naming
// what was missing; other errors pass through.
func NotFound(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.NotFoundf("%s not found", what)
	}
	return err
}

// Conflict turns store.ErrConflict into a client-facing conflict keyed
// with reason and params.
func Conflict(err error, reason apperr.Reason, params apperr.P, format string, args ...any) error {
	if errors.Is(err, store.ErrConflict) {
		return apperr.New(apperr.Conflict, format, args...).Because(reason, params)
	}
	return err
}

// BadCursor turns store.ErrBadCursor into invalid_input on the cursor.
func BadCursor(err error) error {
	if errors.Is(err, store.ErrBadCursor) {
		return apperr.ListParams(map[string]apperr.Field{"cursor": apperr.BadCursor("is not a cursor this list returned, or sort is unknown")})
	}
	return err
}

// Require fails with forbidden unless p holds at least role min.
func Require(p tenancy.Principal, min auth.Role) error {
	if !p.Can(min) {
		return apperr.NeedRole(min)
	}
	return nil
}

// System is the principal of the platform itself acting in a tenant: the
// flow engine and the channel plugins' entry points use it.
func System(tenantID string) tenancy.Principal {
	return tenancy.Principal{TenantID: tenantID, Role: auth.RoleAdmin}
}

// Clock is a settable time source.
type Clock func() time.Time

// Now reads the clock, or the wall clock when unset, as the store keeps
// times (store.AsStored): what a service answers and emits then reads
// the same as a later GET.
func (c Clock) Now() time.Time {
	if c == nil {
		return store.Now()
	}
	return store.AsStored(c())
}

// Retry runs fn again (up to 3 times) when it fails on a unique
// constraint: two writers racing to create the same row, where the loser
// finds the winner's row on its second try.
func Retry(fn func() error) error {
	var err error
	for range 3 {
		if err = fn(); !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	return err
}
