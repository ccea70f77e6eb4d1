package sqlstore

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/store"
)

const connCols = `id, tenant_id, plugin_id, name, config, secrets, status, detail, created_at, updated_at`

func scanConn(r row) (store.Connection, error) {
	var c store.Connection
	var created, updated int64
	err := r.Scan(&c.ID, &c.TenantID, &c.PluginID, &c.Name, &c.Config, &c.Secrets, &c.Status, &c.Detail, &created, &updated)
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	return c, err
}

func (q queries) CreateConnection(ctx context.Context, c store.Connection) error {
	_, err := q.c.exec(ctx, `INSERT INTO connections (`+connCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
		c.ID, c.TenantID, c.PluginID, c.Name, c.Config, c.Secrets, c.Status, c.Detail, ms(c.CreatedAt))
	return err
}

func (q queries) GetConnection(ctx context.Context, tenantID, id string) (store.Connection, error) {
	return scanConn(q.c.queryRow(ctx, `SELECT `+connCols+` FROM connections WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) ConnectionByID(ctx context.Context, id string) (store.Connection, error) {
	return scanConn(q.c.queryRow(ctx, `SELECT `+connCols+` FROM connections WHERE id = $1`, id))
}

func (q queries) ListConnections(ctx context.Context, tenantID string) ([]store.Connection, error) {
	r, err := q.c.query(ctx, `SELECT `+connCols+` FROM connections WHERE tenant_id = $1 ORDER BY name`, tenantID)
	return collect(r, err, func(r rows) (store.Connection, error) { return scanConn(r) })
}

func (q queries) UpdateConnection(ctx context.Context, c store.Connection) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE connections SET name = $3, config = $4, secrets = $5, updated_at = $6,
		status = 'new', detail = '' WHERE tenant_id = $1 AND id = $2`, c.TenantID, c.ID, c.Name, c.Config, c.Secrets, ms(c.UpdatedAt)))
}

func (q queries) SetConnectionStatus(ctx context.Context, id, status, detail string, version time.Time) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE connections SET status = $2, detail = $3 WHERE id = $1 AND updated_at = $4`,
		id, status, detail, ms(version)))
}

func (q queries) PromoteConnectionStatus(ctx context.Context, id, from, to string, version time.Time) error {
	_, err := q.c.exec(ctx, `UPDATE connections SET status = $3, detail = '' WHERE id = $1 AND status = $2 AND updated_at = $4`,
		id, from, to, ms(version))
	return err
}

func (q queries) AllConnections(ctx context.Context) ([]store.Connection, error) {
	r, err := q.c.query(ctx, `SELECT `+connCols+` FROM connections ORDER BY tenant_id, id`)
	return collect(r, err, func(r rows) (store.Connection, error) { return scanConn(r) })
}

func (q queries) SetConnectionSecrets(ctx context.Context, tenantID, id, sealed string) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE connections SET secrets = $3 WHERE tenant_id = $1 AND id = $2`, tenantID, id, sealed))
}

func (q queries) DeleteConnection(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM connections WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) KVGet(ctx context.Context, connectionID, key string, now time.Time) ([]byte, error) {
	var v []byte
	err := q.c.queryRow(ctx, `SELECT value FROM plugin_kv WHERE connection_id = $1 AND key = $2 AND (expires_at = 0 OR expires_at > $3)`,
		connectionID, key, ms(now)).Scan(&v)
	return v, err
}

func (q queries) KVSet(ctx context.Context, connectionID, key string, value []byte, expires time.Time) error {
	exp := int64(0)
	if !expires.IsZero() {
		exp = ms(expires)
	}
	_, err := q.c.exec(ctx, `INSERT INTO plugin_kv (connection_id, key, value, expires_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (connection_id, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
		connectionID, key, value, exp)
	return err
}

func (q queries) KVDelete(ctx context.Context, connectionID, key string) error {
	_, err := q.c.exec(ctx, `DELETE FROM plugin_kv WHERE connection_id = $1 AND key = $2`, connectionID, key)
	return err
}
