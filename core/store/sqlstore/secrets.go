package sqlstore

import (
	"context"

	"github.com/masteria/masteria/core/store"
)

// PutSecret inserts the secret, or replaces the ciphertext of the tenant's
// secret of the same name (keeping its ID).
func (q queries) PutSecret(ctx context.Context, s store.Secret) error {
	_, err := q.c.exec(ctx, `INSERT INTO secrets (id, tenant_id, name, ciphertext, key_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)
		ON CONFLICT (tenant_id, name) DO UPDATE SET ciphertext = excluded.ciphertext,
			key_id = excluded.key_id, updated_at = excluded.updated_at`,
		s.ID, s.TenantID, s.Name, s.Ciphertext, s.KeyID, ms(s.UpdatedAt))
	return err
}

const secretCols = `id, tenant_id, name, ciphertext, key_id, created_at, updated_at`

func scanSecret(r row) (store.Secret, error) {
	var s store.Secret
	var created, updated int64
	err := r.Scan(&s.ID, &s.TenantID, &s.Name, &s.Ciphertext, &s.KeyID, &created, &updated)
	s.CreatedAt, s.UpdatedAt = fromMS(created), fromMS(updated)
	return s, err
}

func (q queries) GetSecret(ctx context.Context, tenantID, id string) (store.Secret, error) {
	return scanSecret(q.c.queryRow(ctx, `SELECT `+secretCols+` FROM secrets WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

// SecretByName finds a tenant's secret by its name.
func (q queries) SecretByName(ctx context.Context, tenantID, name string) (store.Secret, error) {
	return scanSecret(q.c.queryRow(ctx, `SELECT `+secretCols+` FROM secrets WHERE tenant_id = $1 AND name = $2`, tenantID, name))
}

func (q queries) ListSecrets(ctx context.Context, tenantID string) ([]store.Secret, error) {
	r, err := q.c.query(ctx, `SELECT `+secretCols+` FROM secrets WHERE tenant_id = $1 ORDER BY name`, tenantID)
	return collect(r, err, func(r rows) (store.Secret, error) { return scanSecret(r) })
}

func (q queries) DeleteSecret(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM secrets WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

// AllSecrets loads every secret first, so fn may update them (SQLite
// would otherwise hold a read cursor across the writes).
func (q queries) AllSecrets(ctx context.Context, fn func(store.Secret) error) error {
	r, err := q.c.query(ctx, `SELECT `+secretCols+` FROM secrets ORDER BY tenant_id, id`)
	all, err := collect(r, err, func(r rows) (store.Secret, error) { return scanSecret(r) })
	if err != nil {
		return err
	}
	for _, s := range all {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

func (q queries) UpdateSecretCiphertext(ctx context.Context, tenantID, id, ciphertext, keyID string) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE secrets SET ciphertext = $3, key_id = $4 WHERE tenant_id = $1 AND id = $2`,
		tenantID, id, ciphertext, keyID))
}
