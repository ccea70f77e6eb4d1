package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/masteria/masteria/core/store"
)

const blobCols = `id, tenant_id, connection_id, content_type, size, sha256, created_at, pending`

func (q queries) CreateBlob(ctx context.Context, b store.Blob) error {
	_, err := q.c.exec(ctx, `INSERT INTO blobs (`+blobCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		b.ID, b.TenantID, b.ConnectionID, b.ContentType, b.Size, b.SHA256, ms(b.CreatedAt), boolInt(b.Pending))
	return err
}

func (q queries) GetBlob(ctx context.Context, tenantID, id string) (store.Blob, error) {
	var b store.Blob
	var created, pending int64
	err := q.c.queryRow(ctx, `SELECT `+blobCols+` FROM blobs WHERE tenant_id = $1 AND id = $2`, tenantID, id).
		Scan(&b.ID, &b.TenantID, &b.ConnectionID, &b.ContentType, &b.Size, &b.SHA256, &created, &pending)
	b.CreatedAt, b.Pending = fromMS(created), pending == 1
	return b, err
}

func (q queries) UseBlobs(ctx context.Context, tenantID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	var s sqlb
	s.add(`UPDATE blobs SET pending = 0 WHERE tenant_id = `, s.arg(tenantID), ` AND pending = 1 AND id IN (`, s.placeholders(padded(ids)), `)`)
	_, err := q.c.exec(ctx, s.String(), s.args...)
	return err
}

func (q queries) DiscardBlob(ctx context.Context, tenantID, id string) error {
	n, err := q.c.exec(ctx, `DELETE FROM blobs WHERE tenant_id = $1 AND id = $2 AND pending = 1`, tenantID, id)
	if err != nil || n > 0 {
		return err
	}
	if _, err := q.GetBlob(ctx, tenantID, id); err != nil {
		return err
	}
	return store.ErrConflict
}

func (q queries) DeleteBlob(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM blobs WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) ContactBlobIDs(ctx context.Context, tenantID, contactID string) ([]string, error) {
	// Through the contact's conversations: messages keep no index by contact.
	r, err := q.c.query(ctx, `SELECT m.media FROM conversations c JOIN messages m ON m.conversation_id = c.id
		WHERE c.tenant_id = $1 AND c.contact_id = $2 AND m.media LIKE '%"blob_id"%' ORDER BY m.seq`, tenantID, contactID)
	links, err := collect(r, err, func(r rows) (store.MediaLink, error) {
		var raw string
		var m store.MediaLink
		if err := r.Scan(&raw); err != nil {
			return m, err
		}
		return m, json.Unmarshal([]byte(raw), &m)
	})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, m := range links {
		if m.BlobID != "" {
			ids = append(ids, m.BlobID)
		}
	}
	return ids, nil
}
