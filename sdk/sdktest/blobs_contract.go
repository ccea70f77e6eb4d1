package sdktest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"testing"

	"github.com/masteria/masteria/sdk"
)

// RunBlobs checks an [sdk.Blobs] implementation, or a transport carrying
// one, against the interface's contract: round trips of empty, small and
// multi-megabyte blobs, the size limit (limit is the one b enforces), and
// not-found errors. Runtimes run it over their own wire.
func RunBlobs(t *testing.T, b sdk.Blobs, limit int64) {
	ctx := context.Background()
	t.Run("round trip", func(t *testing.T) {
		for _, size := range []int{0, 1, 3<<20 + 7} {
			data := pattern(size)
			meta, err := b.Put(ctx, "image/jpeg", bytes.NewReader(data))
			sum := sha256.Sum256(data)
			if err != nil || meta.ID == "" || meta.Size != int64(size) || meta.SHA256 != hex.EncodeToString(sum[:]) ||
				meta.ContentType != "image/jpeg" {
				t.Fatalf("Put(%d bytes) = %+v, %v", size, meta, err)
			}
			checkBlob(t, b, meta, data)
		}
	})
	t.Run("too large", func(t *testing.T) {
		_, err := b.Put(ctx, "video/mp4", bytes.NewReader(pattern(int(limit)+1)))
		if !errors.Is(err, sdk.ErrBlobTooLarge) {
			t.Errorf("Put over the limit: err = %v, want ErrBlobTooLarge", err)
		}
		if c, _, _ := sdk.ClassOf(err); c != sdk.ClassPermanent {
			t.Errorf("Put over the limit is classed %v, want permanent", c)
		}
		meta, err := b.Put(ctx, "video/mp4", bytes.NewReader(pattern(int(limit))))
		if err != nil || meta.Size != limit {
			t.Errorf("Put at the limit = %+v, %v", meta, err)
		}
	})
	t.Run("delete and not found", func(t *testing.T) {
		meta, err := b.Put(ctx, "text/plain", bytes.NewReader([]byte("oi")))
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Delete(ctx, meta.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := b.Get(ctx, meta.ID); !errors.Is(err, sdk.ErrNotFound) {
			t.Errorf("Get after Delete: err = %v, want ErrNotFound", err)
		}
		if err := b.Delete(ctx, meta.ID); !errors.Is(err, sdk.ErrNotFound) {
			t.Errorf("second Delete: err = %v, want ErrNotFound", err)
		}
		if _, _, err := b.Get(ctx, "blb_nope"); !errors.Is(err, sdk.ErrNotFound) {
			t.Errorf("Get unknown: err = %v, want ErrNotFound", err)
		}
	})
}

func checkBlob(t *testing.T, b sdk.Blobs, want sdk.Blob, data []byte) {
	t.Helper()
	rc, meta, err := b.Get(context.Background(), want.ID)
	if err != nil {
		t.Fatalf("Get(%s): %v", want.ID, err)
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil || meta != want || !bytes.Equal(got, data) {
		t.Errorf("Get(%s) = %+v, %d bytes (%v); want %+v, %d bytes", want.ID, meta, len(got), err, want, len(data))
	}
}

// pattern returns n bytes that are not all alike, so a dropped or
// reordered chunk shows.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}
