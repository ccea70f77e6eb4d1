// Package blobs stores tenants' files, such as inbound media: metadata in
// the store, bytes on the local filesystem under the data directory, one
// file per blob named by its ID (see RATIONALE.md).
package blobs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"regexp"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// Store keeps blobs; it is safe for concurrent use.
type Store struct {
	meta store.Store
	dir  string
	// Limit is the largest blob accepted, sdk.MaxBlobSize when zero.
	Limit int64
}

// Open returns the blob store keeping bytes under dir (created if missing).
func Open(meta store.Store, dir string) (*Store, error) {
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o700); err != nil {
		return nil, fmt.Errorf("blobs: %w", err)
	}
	return &Store{meta: meta, dir: dir}, nil
}

// validID is what ids.New("blb") makes; anything else is not a blob and
// never reaches a file path.
var validID = regexp.MustCompile(`^blb_[a-z0-9]{20,40}$`)

func (s *Store) limit() int64 {
	if s.Limit > 0 {
		return min(s.Limit, sdk.MaxBlobSize)
	}
	return sdk.MaxBlobSize
}

func (s *Store) path(tenantID, id string) string { return filepath.Join(s.dir, tenantID, id) }

// Put stores what r yields for the tenant. Over the limit it fails with
// apperr TooLarge wrapping sdk.ErrBlobTooLarge and leaves nothing behind; a
// content type that is not a media type is invalid.
func (s *Store) Put(ctx context.Context, tenantID, connectionID, contentType string, r io.Reader) (store.Blob, error) {
	return s.put(ctx, store.Blob{TenantID: tenantID, ConnectionID: connectionID, ContentType: contentType}, r)
}

// Upload stores a file a user means to send: it stays pending, so it may
// be discarded, until a message or a campaign uses it.
func (s *Store) Upload(ctx context.Context, tenantID, contentType string, r io.Reader) (store.Blob, error) {
	return s.put(ctx, store.Blob{TenantID: tenantID, ContentType: contentType, Pending: true}, r)
}

func (s *Store) put(ctx context.Context, b store.Blob, r io.Reader) (store.Blob, error) {
	contentType := b.ContentType
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	if _, _, err := mime.ParseMediaType(contentType); err != nil {
		return store.Blob{}, apperr.New(apperr.Invalid, "content type %q is not a media type", contentType)
	}
	b.ID, b.ContentType, b.CreatedAt = ids.New("blb"), contentType, store.Now()
	tmp, err := s.writeTemp(r, &b)
	if err != nil {
		return store.Blob{}, err
	}
	defer os.Remove(tmp) // a no-op once renamed
	final := s.path(b.TenantID, b.ID)
	if err := os.MkdirAll(filepath.Dir(final), 0o700); err != nil {
		return store.Blob{}, fmt.Errorf("blobs: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return store.Blob{}, fmt.Errorf("blobs: %w", err)
	}
	if err := s.meta.CreateBlob(ctx, b); err != nil {
		os.Remove(final)
		return store.Blob{}, fmt.Errorf("blobs: record %s: %w", b.ID, err)
	}
	return b, nil
}

// writeTemp copies r into a temporary file, filling in b's size and hash.
func (s *Store) writeTemp(r io.Reader, b *store.Blob) (string, error) {
	f, err := os.CreateTemp(filepath.Join(s.dir, "tmp"), "put-*")
	if err != nil {
		return "", fmt.Errorf("blobs: %w", err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, s.limit()+1))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		os.Remove(f.Name())
		return "", fmt.Errorf("blobs: writing: %w", err)
	case n > s.limit():
		os.Remove(f.Name())
		return "", tooLarge(s.limit())
	}
	b.Size, b.SHA256 = n, hex.EncodeToString(h.Sum(nil))
	return f.Name(), nil
}

// tooLarge is both the API's 413 and the SDK's permanent ErrBlobTooLarge.
func tooLarge(limit int64) error {
	return sdk.Permanent(both{apperr.New(apperr.TooLarge, "the file is larger than %d bytes", limit), sdk.ErrBlobTooLarge}, "")
}

// both is an API error that is also an SDK sentinel, so the dashboard and
// plugins each read it their way.
type both struct {
	app      *apperr.Error
	sentinel error
}

func (e both) Error() string   { return e.app.Error() }
func (e both) Unwrap() []error { return []error{e.app, e.sentinel} }

// Open returns the tenant's blob and its bytes; the caller closes them.
// Another tenant's blob, or an unknown ID, is not found.
func (s *Store) Open(ctx context.Context, tenantID, id string) (io.ReadCloser, store.Blob, error) {
	b, err := s.get(ctx, tenantID, id)
	if err != nil {
		return nil, store.Blob{}, err
	}
	f, err := os.Open(s.path(tenantID, id))
	if errors.Is(err, os.ErrNotExist) {
		return nil, store.Blob{}, fmt.Errorf("blobs: %s is recorded but its file is missing: %w", id, err)
	}
	if err != nil {
		return nil, store.Blob{}, fmt.Errorf("blobs: %w", err)
	}
	return f, b, nil
}

// Delete removes the tenant's blob: the record, then the file.
func (s *Store) Delete(ctx context.Context, tenantID, id string) error {
	if _, err := s.get(ctx, tenantID, id); err != nil {
		return err
	}
	if err := s.meta.DeleteBlob(ctx, tenantID, id); err != nil {
		return notFound(err)
	}
	if err := os.Remove(s.path(tenantID, id)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("blobs: %w", err)
	}
	return nil
}

// Discard deletes a pending upload, record then file; one that a message
// or a campaign uses is a conflict and stays.
func (s *Store) Discard(ctx context.Context, tenantID, id string) error {
	if !validID.MatchString(id) {
		return notFound(store.ErrNotFound)
	}
	switch err := s.meta.DiscardBlob(ctx, tenantID, id); {
	case errors.Is(err, store.ErrConflict):
		return apperr.New(apperr.Conflict, "the file is used by a message or a campaign and stays").Because(apperr.FileInUse, nil)
	case err != nil:
		return notFound(err)
	}
	if err := os.Remove(s.path(tenantID, id)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("blobs: %w", err)
	}
	return nil
}

// RemoveFiles removes the files of blobs whose records were deleted
// elsewhere (a contact's erasure, in its own transaction). A missing file
// is already gone.
func (s *Store) RemoveFiles(tenantID string, ids []string) error {
	var errs []error
	for _, id := range ids {
		if !validID.MatchString(id) {
			continue
		}
		if err := os.Remove(s.path(tenantID, id)); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("blobs: %w", err)
	}
	return nil
}

func (s *Store) get(ctx context.Context, tenantID, id string) (store.Blob, error) {
	if !validID.MatchString(id) {
		return store.Blob{}, notFound(store.ErrNotFound)
	}
	b, err := s.meta.GetBlob(ctx, tenantID, id)
	return b, notFound(err)
}

// notFound makes store.ErrNotFound the API's 404 and the SDK's ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return both{apperr.NotFoundf("blob not found"), sdk.ErrNotFound}
	}
	return err
}
