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
}
