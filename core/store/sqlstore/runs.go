package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/masteria/masteria/core/store"
)

const runCols = `id, tenant_id, flow_id, version, contact_id, trigger_key, status, cursor, wait_kind, wait_key,
	wake_at, lease_owner, lease_until, rev, steps, state, error, created_at, updated_at`

func scanRun(r row) (store.Run, error) {
	var x store.Run
	var wake *int64
	var lease, created, updated int64
	var state string
	err := r.Scan(&x.ID, &x.TenantID, &x.FlowID, &x.Version, &x.ContactID, &x.TriggerKey, &x.Status, &x.Cursor,
		&x.WaitKind, &x.WaitKey, &wake, &x.LeaseOwner, &lease, &x.Rev, &x.Steps, &state, &x.Error, &created, &updated)
	x.WakeAt, x.LeaseUntil = fromNullMS(wake), fromMS(lease)
	x.CreatedAt, x.UpdatedAt, x.State = fromMS(created), fromMS(updated), []byte(state)
	return x, err
}

func nullMS(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	v := ms(*t)
	return &v
}

func (q queries) CreateRun(ctx context.Context, r store.Run) error {
	_, err := q.c.exec(ctx, `INSERT INTO runs (`+runCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14, $15, $16, $17, $17)`,
		r.ID, r.TenantID, r.FlowID, r.Version, r.ContactID, r.TriggerKey, r.Status, r.Cursor, r.WaitKind, r.WaitKey,
		nullMS(r.WakeAt), r.LeaseOwner, ms(r.LeaseUntil), r.Steps, string(r.State), r.Error, ms(r.CreatedAt))
	return err
}

func (q queries) GetRun(ctx context.Context, tenantID, id string) (store.Run, error) {
	return scanRun(q.c.queryRow(ctx, `SELECT `+runCols+` FROM runs WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

// ListRuns lists newest first, paged by the ID of the last run seen.
func (q queries) ListRuns(ctx context.Context, tenantID string, f store.RunFilter) ([]store.Run, error) {
	sql := `SELECT ` + runCols + ` FROM runs WHERE tenant_id = $1`
	args := []any{tenantID}
	add := func(cond string, v any) {
		args = append(args, v)
		sql += fmt.Sprintf(" AND "+cond, len(args))
	}
	if f.FlowID != "" {
		add("flow_id = $%d", f.FlowID)
	}
	if f.Status != "" {
		add("status = $%d", f.Status)
	}
	if f.ContactID != "" {
		add("contact_id = $%d", f.ContactID)
	}
	if f.Before != "" {
		add("id < $%d", f.Before)
	}
	args = append(args, limit(f.Limit, 50, 1000))
	r, err := q.c.query(ctx, sql+fmt.Sprintf(" ORDER BY id DESC LIMIT $%d", len(args)), args...)
	return collect(r, err, func(r rows) (store.Run, error) { return scanRun(r) })
}

func (q queries) SaveRun(ctx context.Context, r store.Run, trace []store.RunStep) error {
	n, err := q.c.exec(ctx, saveRunSQL, saveRunArgs(r)...)
	if err != nil {
		return err
	}
	if n == 0 {
		return store.ErrConflict
	}
	for _, s := range trace {
		if _, err := q.c.exec(ctx, insertStepSQL, stepArgs(r.TenantID, s)...); err != nil {
			return err
		}
	}
	return nil
}

func (q queries) RunTrace(ctx context.Context, tenantID, runID string) ([]store.RunStep, error) {
	r, err := q.c.query(ctx, `SELECT run_id, seq, step_id, attempt, status, input, output, error, idempotency_key, started_at, finished_at
		FROM run_steps WHERE tenant_id = $1 AND run_id = $2 ORDER BY seq`, tenantID, runID)
	return collect(r, err, func(r rows) (store.RunStep, error) {
		var s store.RunStep
		var started, finished int64
		err := r.Scan(&s.RunID, &s.Seq, &s.StepID, &s.Attempt, &s.Status, &s.Input, &s.Output, &s.Error, &s.IdempotencyKey, &started, &finished)
		s.StartedAt, s.FinishedAt = fromMS(started), fromMS(finished)
		return s, err
	})
}

// WaitingRuns asks for every key in one statement: the flow router asks
// for an inbound message's event and reply waiters together, for every
// message, and most of the time there are none.
func (q queries) WaitingRuns(ctx context.Context, tenantID string, keys ...store.WaitKey) ([]store.Run, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	keys = padded(keys) // the router asks for a batch's keys at once
	var s sqlb
	s.add(planEach+`SELECT `+runCols+` FROM runs WHERE tenant_id = `, s.arg(tenantID), ` AND status = 'waiting' AND (`)
	for i, k := range keys {
		if i > 0 {
			s.add(` OR `)
		}
		s.add(`(wait_kind = `, s.arg(k.Kind), ` AND wait_key = `, s.arg(k.Key), `)`)
	}
	s.add(`) ORDER BY id`)
	r, err := q.c.query(ctx, s.String(), s.args...)
	return collect(r, err, func(r rows) (store.Run, error) { return scanRun(r) })
}

func (q queries) ActiveRuns(ctx context.Context, tenantID, flowID, contactID string) ([]store.Run, error) {
	r, err := q.c.query(ctx, `SELECT `+runCols+` FROM runs WHERE tenant_id = $1 AND flow_id = $2 AND contact_id = $3
		AND status IN ('ready', 'waiting') ORDER BY id`, tenantID, flowID, contactID)
	return collect(r, err, func(r rows) (store.Run, error) { return scanRun(r) })
}

// LeaseDueRuns claims due runs. Postgres skips rows another instance is
// claiming; on SQLite the write lock makes the claim exclusive.
func (db *DB) LeaseDueRuns(ctx context.Context, owner string, now, until time.Time, limit int) ([]store.Run, error) {
	pick := `SELECT id FROM runs WHERE wake_at IS NOT NULL AND wake_at <= $3 AND lease_until < $3 ORDER BY wake_at LIMIT $4`
	if db.dialect == Postgres {
		pick += ` FOR UPDATE SKIP LOCKED`
	}
	var out []store.Run
	err := db.rawTx(ctx, func(c conn) error {
		r, err := c.query(ctx, `UPDATE runs SET lease_owner = $1, lease_until = $2 WHERE id IN (`+pick+`) RETURNING `+runCols,
			owner, ms(until), ms(now), limit)
		out, err = collect(r, err, func(r rows) (store.Run, error) { return scanRun(r) })
		return err
	})
	return out, err
}

// NextWake is when the next run becomes leasable: its wake time, or its
// lease's end when a worker holds it.
func (db *DB) NextWake(ctx context.Context) (time.Time, error) {
	greatest := "MAX"
	if db.dialect == Postgres {
		greatest = "GREATEST"
	}
	var next *int64
	err := db.c.queryRow(ctx, `SELECT MIN(`+greatest+`(wake_at, lease_until)) FROM runs WHERE wake_at IS NOT NULL`).Scan(&next)
	if err != nil || next == nil {
		return time.Time{}, err
	}
	return fromMS(*next), nil
}

func (db *DB) ClearLeases(ctx context.Context) error {
	_, err := db.c.exec(ctx, `UPDATE runs SET lease_owner = '', lease_until = 0 WHERE lease_until > 0`)
	return err
}
