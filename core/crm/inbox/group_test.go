package inbox

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// testMember is a call in a test group.
type testMember struct {
	slot
	id  int
	err error
}

func (m *testMember) fail(err error) { m.err = err }

// eventually polls cond for up to 10 seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for begin := time.Now(); !cond(); time.Sleep(time.Millisecond) {
		if time.Since(begin) > 10*time.Second {
			t.Fatalf("still not %s after 10 s", what)
		}
	}
}

// TestGroupCommitBatchesWaitingCalls: the calls that queue while a batch
// commits go together, up to the limit, in the batches after it; each
// call is committed once and returns.
func TestGroupCommitBatchesWaitingCalls(t *testing.T) {
	var g groupCommit[*testMember]
	var mu sync.Mutex
	var batches [][]int
	release := make(chan struct{})
	commit := func(b []*testMember) {
		mu.Lock()
		ids := make([]int, len(b))
		for i, m := range b {
			ids[i] = m.id
		}
		batches = append(batches, ids)
		first := len(batches) == 1
		mu.Unlock()
		if first {
			<-release
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() { g.join(&testMember{id: 0}, 64, commit) })
	eventually(t, "committing the first call", func() bool { mu.Lock(); defer mu.Unlock(); return len(batches) == 1 })
	for i := 1; i <= 100; i++ {
		wg.Go(func() { g.join(&testMember{id: i}, 64, commit) })
	}
	eventually(t, "queued", func() bool { g.mu.Lock(); defer g.mu.Unlock(); return len(g.queue) == 100 })
	close(release)
	wg.Wait()
	var sizes, all []int
	for _, b := range batches {
		sizes = append(sizes, len(b))
		all = append(all, b...)
	}
	slices.Sort(all)
	if !slices.Equal(sizes, []int{1, 64, 36}) || len(slices.Compact(all)) != 101 || all[100] != 100 {
		t.Fatalf("batches of %v holding %d distinct calls, want 1, 64, 36 holding 101", sizes, len(slices.Compact(all)))
	}
}

// TestGroupCommitSurvivesAPanic: a commit that panics fails its batch's
// calls with an error, and the group goes on committing.
func TestGroupCommitSurvivesAPanic(t *testing.T) {
	var g groupCommit[*testMember]
	m := &testMember{}
	g.join(m, 8, func([]*testMember) { panic("boom") })
	if m.err == nil {
		t.Fatal("a panicking commit returned no error")
	}
	done := make(chan struct{})
	go func() {
		g.join(&testMember{}, 8, func([]*testMember) {})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the group is stuck after a panic")
	}
}
