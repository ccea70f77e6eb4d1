package blobs

import (
	"context"
	"io"

	"github.com/masteria/masteria/sdk"
)

// ForConnection is the sdk.Blobs a plugin connection gets: the tenant's
// blobs, new ones marked with the connection.
func (s *Store) ForConnection(tenantID, connectionID string) sdk.Blobs {
	return connBlobs{s: s, tenant: tenantID, conn: connectionID}
}

type connBlobs struct {
	s            *Store
	tenant, conn string
}

func (c connBlobs) Put(ctx context.Context, contentType string, r io.Reader) (sdk.Blob, error) {
	b, err := c.s.Put(ctx, c.tenant, c.conn, contentType, r)
	if err != nil {
		return sdk.Blob{}, err
	}
	return sdk.Blob{ID: b.ID, ContentType: b.ContentType, Size: b.Size, SHA256: b.SHA256}, nil
}

func (c connBlobs) Get(ctx context.Context, id string) (io.ReadCloser, sdk.Blob, error) {
	rc, b, err := c.s.Open(ctx, c.tenant, id)
	if err != nil {
		return nil, sdk.Blob{}, err
	}
	return rc, sdk.Blob{ID: b.ID, ContentType: b.ContentType, Size: b.Size, SHA256: b.SHA256}, nil
}

func (c connBlobs) Delete(ctx context.Context, id string) error { return c.s.Delete(ctx, c.tenant, id) }
