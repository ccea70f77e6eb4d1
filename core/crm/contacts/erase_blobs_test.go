package contacts

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/blobs"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
)

// TestEraseRemovesTheContactsMedia: erasing a contact (LGPD) erases the
// media their messages carried, record and file, and nobody else's.
func TestEraseRemovesTheContactsMedia(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "blobs")
	bs, err := blobs.Open(s.Store, dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Files = bs
	withMedia := func(name string) (store.Contact, store.Blob) {
		c := storetest.NewContact(p.TenantID, name)
		must(t, s.Store.CreateContact(ctx, c))
		conv, _, err := s.Store.ConversationFor(ctx, storetest.NewConversation(p.TenantID, c.ID, "conn"))
		must(t, err)
		b, err := bs.Put(ctx, p.TenantID, "conn", "image/jpeg", strings.NewReader("photo of "+name))
		must(t, err)
		m := storetest.NewMessage(conv, "", time.Now())
		m.Media = &store.MediaLink{Type: "image", ID: "meta-1", BlobID: b.ID}
		_, err = s.Store.InsertMessage(ctx, m)
		must(t, err)
		return c, b
	}
	ana, anaPhoto := withMedia("Ana")
	_, biaPhoto := withMedia("Bia")

	must(t, s.Erase(ctx, p, ana.ID))
	if _, _, err := bs.Open(ctx, p.TenantID, anaPhoto.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("the erased contact's media is still readable: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, p.TenantID, anaPhoto.ID)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the erased contact's file is still on disk: %v", err)
	}
	rc, _, err := bs.Open(ctx, p.TenantID, biaPhoto.ID)
	if err != nil {
		t.Fatalf("another contact's media went too: %v", err)
	}
	rc.Close()
}
