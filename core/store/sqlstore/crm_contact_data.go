package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/masteria/masteria/core/store"
)

// PutFieldDef upserts by (tenant, key), keeping the first ID.
func (q queries) PutFieldDef(ctx context.Context, d store.FieldDef) (store.FieldDef, error) {
	opts, _ := json.Marshal(d.Options)
	if d.Options == nil {
		opts = []byte("[]")
	}
	_, err := q.c.exec(ctx, `INSERT INTO contact_fields (id, tenant_id, key, label, type, options, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (tenant_id, key) DO UPDATE SET label = excluded.label, type = excluded.type, options = excluded.options`,
		d.ID, d.TenantID, d.Key, d.Label, d.Type, string(opts), ms(d.CreatedAt))
	if err != nil {
		return d, err
	}
	return scanFieldDef(q.c.queryRow(ctx, `SELECT `+fieldDefCols+` FROM contact_fields WHERE tenant_id = $1 AND key = $2`, d.TenantID, d.Key))
}

const fieldDefCols = `id, tenant_id, key, label, type, options, created_at`

func scanFieldDef(r row) (store.FieldDef, error) {
	var d store.FieldDef
	var opts string
	var created int64
	if err := r.Scan(&d.ID, &d.TenantID, &d.Key, &d.Label, &d.Type, &opts, &created); err != nil {
		return d, err
	}
	d.CreatedAt = fromMS(created)
	return d, json.Unmarshal([]byte(opts), &d.Options)
}

func (q queries) ListFieldDefs(ctx context.Context, tenantID string) ([]store.FieldDef, error) {
	r, err := q.c.query(ctx, `SELECT `+fieldDefCols+` FROM contact_fields WHERE tenant_id = $1 ORDER BY key`, tenantID)
	return collect(r, err, func(r rows) (store.FieldDef, error) { return scanFieldDef(r) })
}

func (q queries) DeleteFieldDef(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM contact_fields WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

// AddNote inserts a note on a contact of the same tenant.
func (q queries) AddNote(ctx context.Context, n store.Note) error {
	return notFoundIfNone(q.c.exec(ctx, `INSERT INTO contact_notes (id, tenant_id, contact_id, author_id, body, created_at)
		SELECT $1, tenant_id, id, $4, $5, CAST($6 AS BIGINT) FROM contacts WHERE tenant_id = $2 AND id = $3`,
		n.ID, n.TenantID, n.ContactID, n.AuthorID, n.Body, ms(n.CreatedAt)))
}

func (q queries) ListNotes(ctx context.Context, tenantID, contactID string) ([]store.Note, error) {
	r, err := q.c.query(ctx, `SELECT id, tenant_id, contact_id, author_id, body, created_at FROM contact_notes
		WHERE tenant_id = $1 AND contact_id = $2 ORDER BY created_at DESC, id DESC`, tenantID, contactID)
	return collect(r, err, func(r rows) (store.Note, error) {
		var n store.Note
		var created int64
		err := r.Scan(&n.ID, &n.TenantID, &n.ContactID, &n.AuthorID, &n.Body, &created)
		n.CreatedAt = fromMS(created)
		return n, err
	})
}

// AddConsent records an opt-in or opt-out of a contact of the same tenant.
func (q queries) AddConsent(ctx context.Context, c store.Consent) error {
	return notFoundIfNone(q.c.exec(ctx, `INSERT INTO consents (id, tenant_id, contact_id, channel, status, source, created_at)
		SELECT $1, tenant_id, id, $4, $5, $6, CAST($7 AS BIGINT) FROM contacts WHERE tenant_id = $2 AND id = $3`,
		c.ID, c.TenantID, c.ContactID, c.Channel, c.Status, c.Source, ms(c.CreatedAt)))
}

const consentCols = `id, tenant_id, contact_id, channel, status, source, created_at`

func scanConsent(r row) (store.Consent, error) {
	var c store.Consent
	var created int64
	err := r.Scan(&c.ID, &c.TenantID, &c.ContactID, &c.Channel, &c.Status, &c.Source, &created)
	c.CreatedAt = fromMS(created)
	return c, err
}

func (q queries) ListConsents(ctx context.Context, tenantID, contactID string) ([]store.Consent, error) {
	r, err := q.c.query(ctx, `SELECT `+consentCols+` FROM consents WHERE tenant_id = $1 AND contact_id = $2
		ORDER BY created_at DESC, id DESC`, tenantID, contactID)
	return collect(r, err, func(r rows) (store.Consent, error) { return scanConsent(r) })
}

// ContactReachable reads the latest record of each consent channel of
// the scope's chain (store.ConsentChain): the channel (or the part of one)
// and "all".
func (q queries) ContactReachable(ctx context.Context, tenantID, contactID, channel string) (bool, error) {
	var n int64
	if err := q.c.queryRow(ctx, `SELECT COUNT(*) FROM contacts WHERE tenant_id = $1 AND id = $2`, tenantID, contactID).Scan(&n); err != nil || n == 0 {
		return false, notFoundIfNone(n, err)
	}
	for _, ch := range store.ConsentChain(channel) {
		var status string
		err := q.c.queryRow(ctx, `SELECT status FROM consents WHERE tenant_id = $1 AND contact_id = $2 AND channel = $3
			ORDER BY created_at DESC, id DESC LIMIT 1`, tenantID, contactID, ch).Scan(&status)
		if err != nil && err != store.ErrNotFound {
			return false, err
		}
		if status == "opt_out" {
			return false, nil
		}
	}
	return true, nil
}
