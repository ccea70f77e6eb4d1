package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

func testBlobs(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "ba")
	b, _ := Seed(t, s, "bb")
	blob := store.Blob{ID: ids.New("blb"), TenantID: a.ID, ConnectionID: "con_1", ContentType: "image/jpeg",
		Size: 1 << 40, SHA256: "ab12", CreatedAt: time.UnixMilli(1700000000123).UTC()}
	must(t, s.CreateBlob(ctx, blob))
	wantErr(t, s.CreateBlob(ctx, blob), store.ErrConflict)
	got, err := s.GetBlob(ctx, a.ID, blob.ID)
	if got.CreatedAt.Equal(blob.CreatedAt) {
		got.CreatedAt = blob.CreatedAt
	}
	if err != nil || got != blob {
		t.Fatalf("GetBlob = %+v, %v; want %+v", got, err, blob)
	}
	_, err = s.GetBlob(ctx, b.ID, blob.ID)
	wantErr(t, err, store.ErrNotFound)
	wantErr(t, s.DeleteBlob(ctx, b.ID, blob.ID), store.ErrNotFound)
	must(t, s.DeleteBlob(ctx, a.ID, blob.ID))
	_, err = s.GetBlob(ctx, a.ID, blob.ID)
	wantErr(t, err, store.ErrNotFound)
	wantErr(t, s.DeleteBlob(ctx, a.ID, blob.ID), store.ErrNotFound)

	// An upload is pending until used; only then may it be discarded.
	up, kept := blob, blob
	up.ID, up.Pending, kept.ID, kept.Pending = ids.New("blb"), true, ids.New("blb"), true
	must(t, s.CreateBlob(ctx, up))
	must(t, s.CreateBlob(ctx, kept))
	if got, _ := s.GetBlob(ctx, a.ID, up.ID); !got.Pending {
		t.Fatal("an upload is not pending")
	}
	must(t, s.UseBlobs(ctx, b.ID, []string{kept.ID})) // another tenant's use changes nothing
	if got, _ := s.GetBlob(ctx, a.ID, kept.ID); !got.Pending {
		t.Fatal("another tenant used the upload")
	}
	must(t, s.UseBlobs(ctx, a.ID, []string{kept.ID, "blb_unknown"}))
	if got, _ := s.GetBlob(ctx, a.ID, kept.ID); got.Pending {
		t.Fatal("a used upload is still pending")
	}
	wantErr(t, s.DiscardBlob(ctx, b.ID, up.ID), store.ErrNotFound)
	wantErr(t, s.DiscardBlob(ctx, a.ID, kept.ID), store.ErrConflict)
	wantErr(t, s.DiscardBlob(ctx, a.ID, "blb_unknown"), store.ErrNotFound)
	must(t, s.DiscardBlob(ctx, a.ID, up.ID))
	_, err = s.GetBlob(ctx, a.ID, up.ID)
	wantErr(t, err, store.ErrNotFound)
}

func testContactBlobs(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "ba")
	b, _ := Seed(t, s, "bb")
	c, other := NewContact(a.ID, "Ana"), NewContact(a.ID, "Bia")
	must(t, s.CreateContact(ctx, c))
	must(t, s.CreateContact(ctx, other))
	conv, _, _ := s.ConversationFor(ctx, NewConversation(a.ID, c.ID, "conn"))
	otherConv, _, _ := s.ConversationFor(ctx, NewConversation(a.ID, other.ID, "conn"))
	for i, m := range []struct {
		conv  store.Conversation
		media *store.MediaLink
	}{
		{conv, &store.MediaLink{Type: "image", BlobID: "blb_one"}},
		{conv, &store.MediaLink{Type: "audio", ID: "meta-id-only"}},
		{conv, nil},
		{conv, &store.MediaLink{Type: "document", BlobID: "blb_two"}},
		{otherConv, &store.MediaLink{Type: "image", BlobID: "blb_bia"}},
	} {
		msg := NewMessage(m.conv, "m", time.Now().Add(time.Duration(i)*time.Second))
		msg.Media = m.media
		if _, err := s.InsertMessage(ctx, msg); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.ContactBlobIDs(ctx, a.ID, c.ID)
	if err != nil || len(got) != 2 || got[0] != "blb_one" || got[1] != "blb_two" {
		t.Fatalf("ContactBlobIDs = %v, %v", got, err)
	}
	if got, err := s.ContactBlobIDs(ctx, b.ID, c.ID); err != nil || len(got) != 0 {
		t.Errorf("another tenant sees %v, %v", got, err)
	}
}
