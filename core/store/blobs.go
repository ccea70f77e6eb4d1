package store

import (
	"context"
	"time"
)

// Blob is the metadata of a file a plugin stored for a tenant; the bytes
// are kept outside the store (see core/blobs).
type Blob struct {
	ID           string    `json:"id"`
	TenantID     string    `json:"tenant_id"`
	ConnectionID string    `json:"connection_id,omitempty"`
	ContentType  string    `json:"content_type"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"` // hex
	CreatedAt    time.Time `json:"created_at"`
}

// Blobs is blob metadata, scoped by tenant.
type Blobs interface {
	CreateBlob(ctx context.Context, b Blob) error
	GetBlob(ctx context.Context, tenantID, id string) (Blob, error)
	DeleteBlob(ctx context.Context, tenantID, id string) error
	// ContactBlobIDs lists the blobs the contact's messages carry (inbound
	// media), so erasing the contact can erase them.
	ContactBlobIDs(ctx context.Context, tenantID, contactID string) ([]string, error)
}
