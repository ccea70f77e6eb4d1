package sqlstore

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/store"
)

var now = time.Now

func (q queries) CreateSession(ctx context.Context, s store.Session) error {
	_, err := q.c.exec(ctx, `INSERT INTO sessions (token_hash, user_id, tenant_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)`,
		s.TokenHash, s.UserID, s.TenantID, ms(s.ExpiresAt), ms(s.CreatedAt))
	return err
}

func (q queries) SessionByHash(ctx context.Context, hash []byte) (store.Session, error) {
	s := store.Session{TokenHash: hash}
	var exp, created int64
	err := q.c.queryRow(ctx, `SELECT user_id, tenant_id, expires_at, created_at FROM sessions WHERE token_hash = $1`, hash).
		Scan(&s.UserID, &s.TenantID, &exp, &created)
	s.ExpiresAt, s.CreatedAt = fromMS(exp), fromMS(created)
	return s, err
}

func (q queries) SetSessionTenant(ctx context.Context, hash []byte, tenantID string) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE sessions SET tenant_id = $2 WHERE token_hash = $1`, hash, tenantID))
}

func (q queries) DeleteSession(ctx context.Context, hash []byte) error {
	_, err := q.c.exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hash)
	return err
}

func (q queries) DeleteExpiredSessions(ctx context.Context, at time.Time) (int64, error) {
	return q.c.exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, ms(at))
}

func (q queries) CreateAPIKey(ctx context.Context, k store.APIKey) error {
	_, err := q.c.exec(ctx, `INSERT INTO api_keys (id, tenant_id, name, prefix, hash, role, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		k.ID, k.TenantID, k.Name, k.Prefix, k.Hash, k.Role, k.CreatedBy, ms(k.CreatedAt))
	return err
}

const apiKeyCols = `id, tenant_id, name, prefix, hash, role, created_by, created_at, last_used_at`

func scanAPIKey(r row) (store.APIKey, error) {
	var k store.APIKey
	var created int64
	var used *int64
	err := r.Scan(&k.ID, &k.TenantID, &k.Name, &k.Prefix, &k.Hash, &k.Role, &k.CreatedBy, &created, &used)
	k.CreatedAt, k.LastUsedAt = fromMS(created), fromNullMS(used)
	return k, err
}

func (q queries) APIKeyByPrefix(ctx context.Context, prefix string) (store.APIKey, error) {
	return scanAPIKey(q.c.queryRow(ctx, `SELECT `+apiKeyCols+` FROM api_keys WHERE prefix = $1`, prefix))
}

func (q queries) ListAPIKeys(ctx context.Context, tenantID string) ([]store.APIKey, error) {
	r, err := q.c.query(ctx, `SELECT `+apiKeyCols+` FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, id`, tenantID)
	return collect(r, err, func(r rows) (store.APIKey, error) { return scanAPIKey(r) })
}

func (q queries) DeleteAPIKey(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM api_keys WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) TouchAPIKey(ctx context.Context, id string, at time.Time) error {
	_, err := q.c.exec(ctx, `UPDATE api_keys SET last_used_at = $2 WHERE id = $1`, id, ms(at))
	return err
}
