package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
)

func event(tenant string, i int) store.Event {
	return store.Event{TenantID: tenant, Type: "test.happened", MsgID: fmt.Sprintf("m-%d", i), Payload: []byte(`{"i":1}`)}
}

func drain(t *testing.T, s store.Store) []store.Event {
	t.Helper()
	var got []store.Event
	for {
		n, err := s.ClaimEvents(context.Background(), 3, func(es []store.Event) error {
			got = append(got, es...)
			return nil
		})
		must(t, err)
		if n == 0 {
			return got
		}
	}
}

func testOutboxTx(t *testing.T, s store.Store) {
	ctx := context.Background()
	ten, _ := Seed(t, s, "o")
	drain(t, s)
	boom := errors.New("boom")
	err := s.Tx(ctx, func(q store.Queries) error {
		must(t, q.Emit(ctx, event(ten.ID, 1)))
		return boom
	})
	wantErr(t, err, boom)
	if got := drain(t, s); len(got) != 0 {
		t.Fatalf("rolled-back event was kept: %+v", got)
	}
	select { // drop a signal a driver may have left from Seed
	case <-s.Committed():
	default:
	}
	must(t, s.Tx(ctx, func(q store.Queries) error { return q.Emit(ctx, event(ten.ID, 2)) }))
	select {
	case <-s.Committed():
	case <-time.After(5 * time.Second):
		t.Fatal("commit with events did not signal the relay")
	}
	got := drain(t, s)
	if len(got) != 1 || got[0].MsgID != "m-2" || string(got[0].Payload) != `{"i":1}` || got[0].TenantID != ten.ID {
		t.Fatalf("committed event: %+v", got)
	}
	if err := s.Emit(ctx, store.Event{Type: "test.happened"}); err == nil {
		t.Fatal("an event without a message ID was accepted")
	}
}

func testOutboxClaim(t *testing.T, s store.Store) {
	ctx := context.Background()
	for i := 0; i < 7; i++ {
		must(t, s.Emit(ctx, event("ten_a", i)))
	}
	n, backlogSince, err := s.OutboxBacklog(ctx)
	must(t, err)
	if n != 7 || time.Since(backlogSince) > time.Minute {
		t.Fatalf("backlog %d since %v", n, backlogSince)
	}
	_, err = s.ClaimEvents(ctx, 5, func([]store.Event) error { return errors.New("bus down") })
	if err == nil {
		t.Fatal("publish failure was swallowed")
	}
	got := drain(t, s) // nothing was lost by the failed publish, order kept
	if len(got) != 7 {
		t.Fatalf("got %d events after failed publish, want 7", len(got))
	}
	for i, e := range got {
		if e.MsgID != fmt.Sprintf("m-%d", i) {
			t.Fatalf("event %d out of order: %s", i, e.MsgID)
		}
	}
	if n, _, _ := s.OutboxBacklog(ctx); n != 0 {
		t.Fatalf("backlog after drain: %d", n)
	}
}

// testOutboxConcurrent runs four relays at once: every event is published
// exactly once.
func testOutboxConcurrent(t *testing.T, s store.Store) {
	ctx := context.Background()
	const total = 400
	for i := 0; i < total; i++ {
		must(t, s.Emit(ctx, event("ten_c", i)))
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n, err := s.ClaimEvents(ctx, 25, func(es []store.Event) error {
					mu.Lock()
					defer mu.Unlock()
					for _, e := range es {
						seen[e.MsgID]++
					}
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
				if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(seen) != total {
		t.Fatalf("published %d distinct events, want %d", len(seen), total)
	}
	for id, c := range seen {
		if c != 1 {
			t.Fatalf("event %s published %d times", id, c)
		}
	}
}
