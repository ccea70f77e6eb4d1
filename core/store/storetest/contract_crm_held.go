package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
)

// testHeldMark: SetMessageExtra replaces a message's extra, only in its
// own workspace; a message marked held (store.HeldMark) reads back Held
// while sent and not once a later status came, the mark kept.
func testHeldMark(t *testing.T, s store.Store) {
	ctx := context.Background()
	m := outbound(t, s, "held")
	must(t, s.SetMessageSent(ctx, m.TenantID, m.ID, "wamid.held", store.StatusChange{Status: "sent", Rank: 1, At: time.Now()}))
	extra, err := store.WithHeldMark([]byte(`{"campaign_id":"cmp_1"}`))
	must(t, err)
	if err := s.SetMessageExtra(ctx, "ten_other", m.ID, extra); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another workspace's SetMessageExtra: %v, want not found", err)
	}
	if got := mustMessage(t, s, m.TenantID, m.ID); got.Held || len(got.Extra) != 0 {
		t.Fatalf("after another workspace's try: %+v", got)
	}
	must(t, s.SetMessageExtra(ctx, m.TenantID, m.ID, extra))
	if got := mustMessage(t, s, m.TenantID, m.ID); !got.Held || string(got.Extra) != string(extra) {
		t.Fatalf("a held message: held %v, extra %s", got.Held, got.Extra)
	}
	got, _, err := s.ApplyMessageStatus(ctx, m.TenantID, "wamid.held",
		store.StatusChange{Status: "delivered", Rank: store.StatusRanks["delivered"], MaxFrom: store.StatusRanks["read"], At: time.Now()})
	must(t, err)
	if again := mustMessage(t, s, m.TenantID, m.ID); got.Held || again.Held || string(again.Extra) != string(extra) {
		t.Fatalf("after delivery: applied held %v, read %+v; want not held, the mark kept", got.Held, again)
	}
}
