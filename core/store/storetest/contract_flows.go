package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

func seedFlow(t *testing.T, s store.Store, tenantID string) store.Flow {
	f := store.Flow{ID: ids.New("flw"), TenantID: tenantID, Name: "f-" + ids.New("x")[2:10], Draft: "version: 1", CreatedAt: time.Now()}
	must(t, s.CreateFlow(context.Background(), f))
	return f
}

func newRun(ten, flow, key string, wake time.Time) store.Run {
	return store.Run{ID: ids.New("run"), TenantID: ten, FlowID: flow, Version: 1, TriggerKey: key, Status: store.RunReady,
		WakeAt: &wake, State: []byte(`{}`), CreatedAt: time.Now()}
}

func testFlowVersions(t *testing.T, s store.Store) {
	ctx := context.Background()
	ten, _ := Seed(t, s, "fl")
	other, _ := Seed(t, s, "fo")
	f := seedFlow(t, s, ten.ID)
	must(t, s.UpdateFlowDraft(ctx, ten.ID, f.ID, "T", "draft one", time.Now()))
	v1, err := s.PublishFlow(ctx, ten.ID, f.ID, "usr_x", "manual", time.Now())
	must(t, err)
	must(t, s.UpdateFlowDraft(ctx, ten.ID, f.ID, "T", "draft two", time.Now()))
	v2, err := s.PublishFlow(ctx, ten.ID, f.ID, "usr_x", "manual", time.Now())
	must(t, err)
	if v1.Version != 1 || v2.Version != 2 || v1.Source != "draft one" {
		t.Fatalf("versions: %+v %+v", v1, v2)
	}
	got, err := s.GetFlowVersion(ctx, ten.ID, f.ID, 1)
	if err != nil || got.Source != "draft one" {
		t.Fatalf("version 1 changed: %+v %v", got, err)
	}
	pub, _ := s.PublishedFlows(ctx, "manual")
	if len(pub) != 1 || pub[0].PublishedVersion != 2 {
		t.Fatalf("published: %+v", pub)
	}
	theirs := seedFlow(t, s, other.ID)
	_, err = s.PublishFlow(ctx, other.ID, theirs.ID, "usr_y", "manual", time.Now())
	must(t, err)
	if all, _ := s.PublishedFlows(ctx, "manual"); len(all) != 2 {
		t.Fatalf("published across tenants: %+v", all)
	}
	if mine, err := s.TenantFlowsOn(ctx, ten.ID, "manual"); err != nil || len(mine) != 1 || mine[0].ID != f.ID || mine[0].PublishedVersion != 2 {
		t.Fatalf("one tenant's published flows: %+v %v", mine, err)
	}
	if none, err := s.TenantFlowsOn(ctx, ten.ID, "message.received"); err != nil || len(none) != 0 {
		t.Fatalf("flows on another trigger: %+v %v", none, err)
	}
	_, err = s.GetFlow(ctx, other.ID, f.ID)
	wantErr(t, err, store.ErrNotFound)
	if byID, err := s.FlowByID(ctx, f.ID); err != nil || byID.TenantID != ten.ID {
		t.Fatalf("flow by ID: %+v %v", byID, err)
	}
	wantErr(t, s.UpdateFlowDraft(ctx, other.ID, f.ID, "x", "x", time.Now()), store.ErrNotFound)
	_, err = s.PublishFlow(ctx, other.ID, f.ID, "", "manual", time.Now())
	wantErr(t, err, store.ErrNotFound)
}

func testRuns(t *testing.T, s store.Store) {
	ctx := context.Background()
	ten, _ := Seed(t, s, "ru")
	f := seedFlow(t, s, ten.ID)
	r := newRun(ten.ID, f.ID, "evt-1", time.Now())
	must(t, s.CreateRun(ctx, r))
	dup := newRun(ten.ID, f.ID, "evt-1", time.Now())
	wantErr(t, s.CreateRun(ctx, dup), store.ErrConflict) // same event never starts a flow twice

	got, err := s.GetRun(ctx, ten.ID, r.ID)
	must(t, err)
	got.Status, got.Cursor, got.UpdatedAt = store.RunWaiting, 3, time.Now()
	trace := []store.RunStep{{RunID: r.ID, Seq: 1, StepID: "a", Attempt: 1, Status: "ok", Output: `{"x":1}`, StartedAt: time.Now(), FinishedAt: time.Now()}}
	must(t, s.SaveRun(ctx, got, trace))
	wantErr(t, s.SaveRun(ctx, got, nil), store.ErrConflict) // stale rev
	now, _ := s.GetRun(ctx, ten.ID, r.ID)
	if now.Rev != got.Rev+1 || now.Cursor != 3 || now.Status != store.RunWaiting {
		t.Fatalf("saved run: %+v", now)
	}
	tr, err := s.RunTrace(ctx, ten.ID, r.ID)
	if err != nil || len(tr) != 1 || tr[0].Output != `{"x":1}` {
		t.Fatalf("trace: %+v %v", tr, err)
	}
	other, _ := Seed(t, s, "rx")
	if _, err := s.GetRun(ctx, other.ID, r.ID); err == nil {
		t.Fatal("run visible to another tenant")
	}
	if tr, _ := s.RunTrace(ctx, other.ID, r.ID); len(tr) != 0 {
		t.Fatal("trace visible to another tenant")
	}
}

// testLeases: concurrent schedulers lease each due run exactly once, and
// not-yet-due or leased runs are left alone.
func testLeases(t *testing.T, s store.Store) {
	ctx := context.Background()
	ten, _ := Seed(t, s, "le")
	f := seedFlow(t, s, ten.ID)
	now := time.Now()
	for i := 0; i < 60; i++ {
		must(t, s.CreateRun(ctx, newRun(ten.ID, f.ID, fmt.Sprint("k", i), now.Add(-time.Second))))
	}
	must(t, s.CreateRun(ctx, newRun(ten.ID, f.ID, "future", now.Add(time.Hour))))
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Go(func() {
			for {
				got, err := s.LeaseDueRuns(ctx, fmt.Sprint("owner", w), now, now.Add(time.Minute), 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, r := range got {
					seen[r.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != 60 {
		t.Fatalf("leased %d distinct runs, want 60", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("run %s leased %d times", id, n)
		}
	}
	next, err := s.NextWake(ctx)
	must(t, err)
	if next.IsZero() {
		t.Fatal("no next wake")
	}
	must(t, s.ClearLeases(ctx))
	again, _ := s.LeaseDueRuns(ctx, "o", now, now.Add(time.Minute), 100)
	if len(again) != 60 {
		t.Fatalf("after clearing leases %d due runs, want 60", len(again))
	}
}

// testSaveRuns: a batch commits the runs still at their rev and reports
// the others as conflicts, writing none of their trace rows.
func testSaveRuns(t *testing.T, s store.Store) {
	ctx := context.Background()
	ten, _ := Seed(t, s, "sr")
	f := seedFlow(t, s, ten.ID)
	a, b := newRun(ten.ID, f.ID, "a", time.Now()), newRun(ten.ID, f.ID, "b", time.Now())
	must(t, s.CreateRun(ctx, a))
	must(t, s.CreateRun(ctx, b))
	stale := b
	stale.Rev = 7
	step := func(run string) []store.RunStep {
		return []store.RunStep{{RunID: run, Seq: 1, StepID: "x", Attempt: 1, Status: "ok", StartedAt: time.Now(), FinishedAt: time.Now()}}
	}
	a.Status, a.UpdatedAt = store.RunCompleted, time.Now()
	conflicts, err := s.SaveRuns(ctx, []store.RunSave{{Run: a, Trace: step(a.ID)}, {Run: stale, Trace: step(b.ID)}})
	must(t, err)
	if conflicts[0] != nil || conflicts[1] == nil {
		t.Fatalf("conflicts %v", conflicts)
	}
	if got, _ := s.GetRun(ctx, ten.ID, a.ID); got.Status != store.RunCompleted {
		t.Fatalf("a not saved: %+v", got)
	}
	if tr, _ := s.RunTrace(ctx, ten.ID, b.ID); len(tr) != 0 {
		t.Fatalf("the conflicting run's trace was written: %+v", tr)
	}
	if tr, _ := s.RunTrace(ctx, ten.ID, a.ID); len(tr) != 1 {
		t.Fatalf("a's trace: %+v", tr)
	}
}

// testWaitingRuns: runs parked on any of several keys come back in one
// answer, by ID; a run that is not waiting, another key, or another
// tenant's run does not.
func testWaitingRuns(t *testing.T, s store.Store) {
	ctx := context.Background()
	ten, _ := Seed(t, s, "wr")
	other, _ := Seed(t, s, "wo")
	f, g := seedFlow(t, s, ten.ID), seedFlow(t, s, other.ID)
	park := func(tenant, flow, key, kind, on, status string) store.Run {
		r := newRun(tenant, flow, key, time.Now())
		r.WakeAt, r.Status, r.WaitKind, r.WaitKey = nil, status, kind, on
		must(t, s.CreateRun(ctx, r))
		return r
	}
	reply := park(ten.ID, f.ID, "a", "reply", "ctt_1", store.RunWaiting)
	event := park(ten.ID, f.ID, "b", "event", "message.received", store.RunWaiting)
	park(ten.ID, f.ID, "c", "reply", "ctt_2", store.RunWaiting)
	park(ten.ID, f.ID, "d", "reply", "ctt_1", store.RunReady)
	park(ten.ID, f.ID, "e", "handoff", "ctt_1", store.RunWaiting)
	park(other.ID, g.ID, "f", "reply", "ctt_1", store.RunWaiting)

	got, err := s.WaitingRuns(ctx, ten.ID, store.WaitKey{Kind: "event", Key: "message.received"}, store.WaitKey{Kind: "reply", Key: "ctt_1"})
	must(t, err)
	first, second := reply, event // by ID: two made in one millisecond may sort either way
	if event.ID < reply.ID {
		first, second = event, reply
	}
	if len(got) != 2 || got[0].ID != first.ID || got[1].ID != second.ID || got[0].WaitKey != first.WaitKey || got[1].WaitKind != second.WaitKind {
		t.Fatalf("waiting on event or reply from ctt_1: %+v", got)
	}
	got, err = s.WaitingRuns(ctx, ten.ID, store.WaitKey{Kind: "reply", Key: "ctt_1"})
	if err != nil || len(got) != 1 || got[0].ID != reply.ID {
		t.Fatalf("waiting on a reply from ctt_1: %+v %v", got, err)
	}
	if got, err := s.WaitingRuns(ctx, ten.ID); err != nil || len(got) != 0 {
		t.Fatalf("no keys: %+v %v", got, err)
	}
}
