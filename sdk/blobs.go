package sdk

import (
	"context"
	"errors"
	"io"
)

// Blob describes bytes stored through [Blobs].
type Blob struct {
	// ID names the blob within the tenant; the dashboard serves it at
	// /api/v1/media/{id}.
	ID          string `json:"id"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	// SHA256 is the hex digest of the bytes.
	SHA256 string `json:"sha256"`
}

// Blobs stores files for the connection's tenant, such as inbound media,
// so the inbox can show them after the provider's URL has expired. A blob
// is reachable from every connection of the tenant and from the dashboard,
// and from no other tenant.
type Blobs interface {
	// Put stores what r yields, up to the host's size limit
	// ([MaxBlobSize] unless the host sets a lower one); beyond it Put fails
	// with an error wrapping [ErrBlobTooLarge] and stores nothing.
	Put(ctx context.Context, contentType string, r io.Reader) (Blob, error)
	// Get opens a blob, or fails with an error wrapping [ErrNotFound]. The
	// caller closes the reader.
	Get(ctx context.Context, id string) (io.ReadCloser, Blob, error)
	// Delete removes a blob, or fails with an error wrapping [ErrNotFound].
	Delete(ctx context.Context, id string) error
}

// MaxBlobSize is the largest blob any host accepts: 100 MiB, WhatsApp's
// limit for a document.
const MaxBlobSize = 100 << 20

// ErrBlobTooLarge is returned by [Blobs.Put] for bytes over the size limit.
var ErrBlobTooLarge = errors.New("sdk: blob larger than the host's limit")
