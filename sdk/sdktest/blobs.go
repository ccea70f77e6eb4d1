package sdktest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sync"

	"github.com/masteria/masteria/sdk"
)

// MemoryBlobs is an in-memory [sdk.Blobs] enforcing Limit (sdk.MaxBlobSize
// when zero).
type MemoryBlobs struct {
	Limit int64
	mu    sync.Mutex
	blobs map[string]memoryBlob
}

type memoryBlob struct {
	meta sdk.Blob
	data []byte
}

// Put stores a copy of what r yields.
func (m *MemoryBlobs) Put(_ context.Context, contentType string, r io.Reader) (sdk.Blob, error) {
	limit := m.Limit
	if limit <= 0 {
		limit = sdk.MaxBlobSize
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return sdk.Blob{}, fmt.Errorf("sdktest: blob put: %w", err)
	}
	if int64(len(data)) > limit {
		return sdk.Blob{}, sdk.Permanent(fmt.Errorf("%w (%d bytes)", sdk.ErrBlobTooLarge, limit), "")
	}
	sum := sha256.Sum256(data)
	meta := sdk.Blob{ID: "blb_" + rand.Text(), ContentType: contentType, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.blobs == nil {
		m.blobs = map[string]memoryBlob{}
	}
	m.blobs[meta.ID] = memoryBlob{meta: meta, data: data}
	return meta, nil
}

// Get returns the blob, or an error wrapping sdk.ErrNotFound.
func (m *MemoryBlobs) Get(_ context.Context, id string) (io.ReadCloser, sdk.Blob, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.blobs[id]
	if !ok {
		return nil, sdk.Blob{}, fmt.Errorf("%w: blob %q", sdk.ErrNotFound, id)
	}
	return io.NopCloser(bytes.NewReader(b.data)), b.meta, nil
}

// Delete removes the blob, or fails with an error wrapping sdk.ErrNotFound.
func (m *MemoryBlobs) Delete(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.blobs[id]; !ok {
		return fmt.Errorf("%w: blob %q", sdk.ErrNotFound, id)
	}
	delete(m.blobs, id)
	return nil
}

// Len returns how many blobs are stored.
func (m *MemoryBlobs) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.blobs)
}

var _ sdk.Blobs = (*MemoryBlobs)(nil)
