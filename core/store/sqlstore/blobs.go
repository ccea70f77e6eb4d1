package sqlstore

import (
	"context"

	"github.com/masteria/masteria/core/store"
)

const blobCols = `id, tenant_id, connection_id, content_type, size, sha256, created_at`

func (q queries) CreateBlob(ctx context.Context, b store.Blob) error {
	_, err := q.c.exec(ctx, `INSERT INTO blobs (`+blobCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		b.ID, b.TenantID, b.ConnectionID, b.ContentType, b.Size, b.SHA256, ms(b.CreatedAt))
	return err
}

func (q queries) GetBlob(ctx context.Context, tenantID, id string) (store.Blob, error) {
	var b store.Blob
	var created int64
	err := q.c.queryRow(ctx, `SELECT `+blobCols+` FROM blobs WHERE tenant_id = $1 AND id = $2`, tenantID, id).
		Scan(&b.ID, &b.TenantID, &b.ConnectionID, &b.ContentType, &b.Size, &b.SHA256, &created)
	b.CreatedAt = fromMS(created)
	return b, err
}

func (q queries) DeleteBlob(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM blobs WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}
