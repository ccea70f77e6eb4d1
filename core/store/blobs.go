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
	// Pending is a file uploaded to send that no message or campaign has
	// used yet: it may still be discarded.
	Pending bool `json:"pending,omitempty"`
}

// Blobs is blob metadata, scoped by tenant.
type Blobs interface {
	CreateBlob(ctx context.Context, b Blob) error
	GetBlob(ctx context.Context, tenantID, id string) (Blob, error)
	DeleteBlob(ctx context.Context, tenantID, id string) error
	// UseBlobs records that a message or a campaign uses the blobs, so
	// none of them can be discarded any more.
	UseBlobs(ctx context.Context, tenantID string, ids []string) error
	// DiscardBlob deletes the record of a pending blob: ErrConflict when
	// something uses it, ErrNotFound when there is none.
	DiscardBlob(ctx context.Context, tenantID, id string) error
	// ContactBlobIDs lists the blobs the contact's messages carry (inbound
	// media), so erasing the contact can erase them.
	ContactBlobIDs(ctx context.Context, tenantID, contactID string) ([]string, error)
}
