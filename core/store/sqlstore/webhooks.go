package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/masteria/masteria/core/store"
)

const webhookEndpointCols = `id, tenant_id, url, description, event_types, enabled, disabled_reason, disabled_at,
	secret, previous_secret, previous_until, created_at, updated_at`

func scanWebhookEndpoint(r row) (store.WebhookEndpoint, error) {
	var e store.WebhookEndpoint
	var types string
	var enabled int
	var disabled *int64
	var until, created, updated int64
	err := r.Scan(&e.ID, &e.TenantID, &e.URL, &e.Description, &types, &enabled, &e.DisabledReason, &disabled,
		&e.Secret, &e.PreviousSecret, &until, &created, &updated)
	if err != nil {
		return e, err
	}
	e.Enabled, e.DisabledAt = enabled != 0, fromNullMS(disabled)
	e.CreatedAt, e.UpdatedAt = fromMS(created), fromMS(updated)
	if until > 0 {
		e.PreviousUntil = fromMS(until)
	}
	if err := json.Unmarshal([]byte(types), &e.EventTypes); err != nil {
		return e, err
	}
	return e, nil
}

func eventTypesJSON(types []string) string {
	if types == nil {
		types = []string{}
	}
	b, _ := json.Marshal(types)
	return string(b)
}

func msOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

func (q queries) CreateWebhookEndpoint(ctx context.Context, e store.WebhookEndpoint) error {
	_, err := q.c.exec(ctx, `INSERT INTO webhook_endpoints (`+webhookEndpointCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		e.ID, e.TenantID, e.URL, e.Description, eventTypesJSON(e.EventTypes), boolInt(e.Enabled), e.DisabledReason, nullMS(e.DisabledAt),
		e.Secret, e.PreviousSecret, msOrZero(e.PreviousUntil), ms(e.CreatedAt), ms(e.UpdatedAt))
	return err
}

func (q queries) GetWebhookEndpoint(ctx context.Context, tenantID, id string) (store.WebhookEndpoint, error) {
	return scanWebhookEndpoint(q.c.queryRow(ctx, `SELECT `+webhookEndpointCols+` FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) ListWebhookEndpoints(ctx context.Context, tenantID string) ([]store.WebhookEndpoint, error) {
	r, err := q.c.query(ctx, `SELECT `+webhookEndpointCols+` FROM webhook_endpoints WHERE tenant_id = $1 ORDER BY created_at, id`, tenantID)
	return collect(r, err, func(r rows) (store.WebhookEndpoint, error) { return scanWebhookEndpoint(r) })
}

func (q queries) UpdateWebhookEndpoint(ctx context.Context, e store.WebhookEndpoint) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE webhook_endpoints SET url = $3, description = $4, event_types = $5, enabled = $6,
		disabled_reason = $7, disabled_at = $8, updated_at = $9 WHERE tenant_id = $1 AND id = $2`,
		e.TenantID, e.ID, e.URL, e.Description, eventTypesJSON(e.EventTypes), boolInt(e.Enabled), e.DisabledReason, nullMS(e.DisabledAt), ms(e.UpdatedAt)))
}

func (q queries) SetWebhookSecrets(ctx context.Context, tenantID, id, secret, previous string, previousUntil, at time.Time) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE webhook_endpoints SET secret = $3, previous_secret = $4, previous_until = $5, updated_at = $6
		WHERE tenant_id = $1 AND id = $2`, tenantID, id, secret, previous, msOrZero(previousUntil), ms(at)))
}

func (q queries) DisableWebhookEndpoint(ctx context.Context, tenantID, id, reason string, at time.Time) (bool, error) {
	n, err := q.c.exec(ctx, `UPDATE webhook_endpoints SET enabled = 0, disabled_reason = $3, disabled_at = $4, updated_at = $4
		WHERE tenant_id = $1 AND id = $2 AND enabled = 1`, tenantID, id, reason, ms(at))
	return n > 0, err
}

func (q queries) DeleteWebhookEndpoint(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) EnabledWebhookEndpoints(ctx context.Context) ([]store.WebhookEndpoint, error) {
	r, err := q.c.query(ctx, `SELECT `+webhookEndpointCols+` FROM webhook_endpoints WHERE enabled = 1 ORDER BY tenant_id, created_at, id`)
	return collect(r, err, func(r rows) (store.WebhookEndpoint, error) { return scanWebhookEndpoint(r) })
}

func (q queries) AllWebhookEndpoints(ctx context.Context) ([]store.WebhookEndpoint, error) {
	r, err := q.c.query(ctx, `SELECT `+webhookEndpointCols+` FROM webhook_endpoints ORDER BY tenant_id, created_at, id`)
	return collect(r, err, func(r rows) (store.WebhookEndpoint, error) { return scanWebhookEndpoint(r) })
}

const webhookDeliveryCols = `id, tenant_id, endpoint_id, event_id, event_type, payload, state, attempts, last_status, last_error,
	next_attempt_at, single_try, created_at, updated_at`

func scanWebhookDelivery(r row) (store.WebhookDelivery, error) {
	var d store.WebhookDelivery
	var next, created, updated int64
	var single int
	err := r.Scan(&d.ID, &d.TenantID, &d.EndpointID, &d.EventID, &d.EventType, &d.Payload, &d.State, &d.Attempts, &d.LastStatus, &d.LastError,
		&next, &single, &created, &updated)
	if next > 0 {
		d.NextAttemptAt = fromMS(next)
	}
	d.SingleTry, d.CreatedAt, d.UpdatedAt = single != 0, fromMS(created), fromMS(updated)
	return d, err
}

// AddWebhookDeliveries inserts in runs of up to 32 rows a statement.
func (q queries) AddWebhookDeliveries(ctx context.Context, ds []store.WebhookDelivery) error {
	for start, n := range spans(len(ds), 32) {
		var s sqlb
		s.add(`INSERT INTO webhook_deliveries (` + webhookDeliveryCols + `) VALUES `)
		for i, d := range ds[start : start+n] {
			if i > 0 {
				s.add(`, `)
			}
			s.add(`(`, s.arg(d.ID), `, `, s.arg(d.TenantID), `, `, s.arg(d.EndpointID), `, `, s.arg(d.EventID), `, `, s.arg(d.EventType), `, `,
				s.arg(d.Payload), `, `, s.arg(d.State), `, `, s.arg(d.Attempts), `, `, s.arg(d.LastStatus), `, `, s.arg(d.LastError), `, `,
				s.arg(msOrZero(d.NextAttemptAt)), `, `, s.arg(boolInt(d.SingleTry)), `, `, s.arg(ms(d.CreatedAt)), `, `, s.arg(ms(d.UpdatedAt)), `)`)
		}
		s.add(` ON CONFLICT (endpoint_id, event_id) DO NOTHING`)
		if _, err := q.c.exec(ctx, s.String(), s.args...); err != nil {
			return err
		}
	}
	return nil
}

func (q queries) RecordWebhookAttempt(ctx context.Context, d store.WebhookDelivery) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE webhook_deliveries SET state = $3, attempts = $4, last_status = $5, last_error = $6,
		next_attempt_at = $7, updated_at = $8 WHERE tenant_id = $1 AND id = $2`,
		d.TenantID, d.ID, d.State, d.Attempts, d.LastStatus, d.LastError, msOrZero(d.NextAttemptAt), ms(d.UpdatedAt)))
}

func (q queries) GetWebhookDelivery(ctx context.Context, tenantID, id string) (store.WebhookDelivery, error) {
	return scanWebhookDelivery(q.c.queryRow(ctx, `SELECT `+webhookDeliveryCols+` FROM webhook_deliveries WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) ReclaimWebhookDelivery(ctx context.Context, tenantID, id string, until time.Time) (store.WebhookDelivery, error) {
	return scanWebhookDelivery(q.c.queryRow(ctx, `UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = $3
		WHERE tenant_id = $1 AND id = $2 AND state <> 'pending' RETURNING `+webhookDeliveryCols, tenantID, id, ms(until)))
}

func (q queries) ListWebhookDeliveries(ctx context.Context, tenantID, endpointID string, limit int) ([]store.WebhookDelivery, error) {
	r, err := q.c.query(ctx, `SELECT `+webhookDeliveryCols+` FROM webhook_deliveries WHERE tenant_id = $1 AND endpoint_id = $2
		ORDER BY created_at DESC, id DESC LIMIT $3`, tenantID, endpointID, limit)
	return collect(r, err, func(r rows) (store.WebhookDelivery, error) { return scanWebhookDelivery(r) })
}

func (q queries) WebhookDeliveredSince(ctx context.Context, tenantID, endpointID string, since time.Time) (bool, error) {
	var n int
	err := q.c.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $2 AND created_at > $3
		AND tenant_id = $1 AND state = 'delivered' LIMIT 1) d`, tenantID, endpointID, ms(since)).Scan(&n)
	return n > 0, err
}

// ClaimWebhookDeliveries: Postgres skips rows another instance is
// claiming; on SQLite the write lock makes the claim exclusive.
func (db *DB) ClaimWebhookDeliveries(ctx context.Context, now, until time.Time, limit int) ([]store.WebhookDelivery, error) {
	pick := `SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= $2 ORDER BY next_attempt_at LIMIT $3`
	if db.dialect == Postgres {
		pick += ` FOR UPDATE SKIP LOCKED`
	}
	var out []store.WebhookDelivery
	err := db.rawTx(ctx, func(c conn) error {
		r, err := c.query(ctx, `UPDATE webhook_deliveries SET next_attempt_at = $1 WHERE id IN (`+pick+`) RETURNING `+webhookDeliveryCols,
			ms(until), ms(now), limit)
		out, err = collect(r, err, func(r rows) (store.WebhookDelivery, error) { return scanWebhookDelivery(r) })
		return err
	})
	return out, err
}

func (db *DB) NextWebhookAttempt(ctx context.Context) (time.Time, bool, error) {
	var next *int64
	err := db.c.queryRow(ctx, `SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE state = 'pending'`).Scan(&next)
	if err != nil || next == nil {
		return time.Time{}, false, err
	}
	return fromMS(*next), true, nil
}

func (db *DB) PruneWebhookDeliveries(ctx context.Context, before time.Time) (int64, error) {
	return db.c.exec(ctx, `DELETE FROM webhook_deliveries WHERE created_at < $1 AND state <> 'pending'`, ms(before))
}
