package blobs

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

func openStore(t *testing.T) (*Store, store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(dir, "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	bs, err := Open(st, filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	return bs, st, filepath.Join(dir, "blobs")
}

// TestConnectionBlobsContract: the SDK's Blobs contract on the real store
// and filesystem.
func TestConnectionBlobsContract(t *testing.T) {
	bs, st, _ := openStore(t)
	bs.Limit = 5 << 20
	ten, _ := storetest.Seed(t, st, "a")
	sdktest.RunBlobs(t, bs.ForConnection(ten.ID, "con_1"), 5<<20)
}

// TestTenantsDoNotShareBlobs: another tenant's ID is not found, for
// reading and deleting, and the blob survives the attempt.
func TestTenantsDoNotShareBlobs(t *testing.T) {
	bs, st, _ := openStore(t)
	ctx := context.Background()
	a, _ := storetest.Seed(t, st, "a")
	b, _ := storetest.Seed(t, st, "b")
	blob, err := bs.Put(ctx, a.ID, "con_1", "image/png", strings.NewReader("png"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := bs.Open(ctx, b.ID, blob.ID); !apperr.Is(err, apperr.NotFound) || !errors.Is(err, sdk.ErrNotFound) {
		t.Errorf("Open from another tenant: %v, want not found", err)
	}
	if err := bs.Delete(ctx, b.ID, blob.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("Delete from another tenant: %v, want not found", err)
	}
	rc, got, err := bs.Open(ctx, a.ID, blob.ID)
	if err != nil || got.ContentType != "image/png" {
		t.Fatalf("the owner's Open = %+v, %v", got, err)
	}
	rc.Close()
}

// TestBadPutsChangeNothing: a bad content type, an oversized body and a
// failing reader leave no record and no file.
func TestBadPutsChangeNothing(t *testing.T) {
	bs, st, dir := openStore(t)
	bs.Limit = 8
	ctx := context.Background()
	ten, _ := storetest.Seed(t, st, "a")
	for name, c := range map[string]struct {
		contentType string
		body        *strings.Reader
		code        apperr.Code
	}{
		"bad content type": {"not a type;;", strings.NewReader("x"), apperr.Invalid},
		"too large":        {"text/plain", strings.NewReader("123456789"), apperr.TooLarge},
	} {
		if _, err := bs.Put(ctx, ten.ID, "", c.contentType, c.body); !apperr.Is(err, c.code) {
			t.Errorf("%s: err = %v, want %s", name, err, c.code)
		}
	}
	if _, err := bs.Put(ctx, ten.ID, "", "text/plain", failingReader{}); err == nil {
		t.Error("a failing reader was stored")
	}
	for _, sub := range []string{"tmp", ten.ID} {
		entries, _ := os.ReadDir(filepath.Join(dir, sub))
		if len(entries) != 0 {
			t.Errorf("%s holds %d files after bad puts", sub, len(entries))
		}
	}
}

// TestIDsNeverBecomePaths: IDs that are not blob IDs are not found before
// any file is touched.
func TestIDsNeverBecomePaths(t *testing.T) {
	bs, st, _ := openStore(t)
	ten, _ := storetest.Seed(t, st, "a")
	for _, id := range []string{"../../m.db", "blb_../x", "", "BLB_X"} {
		if _, _, err := bs.Open(context.Background(), ten.ID, id); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Open(%q) = %v, want not found", id, err)
		}
	}
}

// TestDeleteRemovesTheFile: erasing a blob leaves no bytes on disk.
func TestDeleteRemovesTheFile(t *testing.T) {
	bs, st, dir := openStore(t)
	ctx := context.Background()
	ten, _ := storetest.Seed(t, st, "a")
	blob, err := bs.Put(ctx, ten.ID, "", "audio/ogg", bytes.NewReader([]byte("ogg")))
	if err != nil {
		t.Fatal(err)
	}
	if err := bs.Delete(ctx, ten.ID, blob.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ten.ID, blob.ID)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the file is still there: %v", err)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }
