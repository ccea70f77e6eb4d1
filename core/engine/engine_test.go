package engine

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/sdk"
)

// clock is a settable time for timers; steps run at real speed.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type rig struct {
	t      *testing.T
	store  store.Store
	engine *Engine
	clock  *clock
	tenant string
	calls  *recorder
	cancel context.CancelFunc
	done   chan struct{}
}

// recorder is a fake plugin: it records every call by idempotency key and
// fails the first failures[action] calls with a retryable error.
type recorder struct {
	mu       sync.Mutex
	keys     map[string]int
	inputs   []map[string]any
	failures map[string]int
	block    chan struct{}
	// willRetry is, per action, what WillRetry said of each failed call.
	willRetry map[string][]bool
}

func (r *recorder) InvokeAction(ctx context.Context, tenantID, action string, in map[string]any, key string) (map[string]any, error) {
	r.mu.Lock()
	r.keys[key]++
	r.inputs = append(r.inputs, in)
	fail := r.failures[action] > 0
	if fail {
		r.failures[action]--
	}
	block := r.block
	r.mu.Unlock()
	if action == "test.block" && block != nil {
		select {
		case <-block:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if fail {
		err := sdk.Retryable(errors.New("provider hiccup"), 0)
		r.mu.Lock()
		r.willRetry[action] = append(r.willRetry[action], WillRetry(ctx, err))
		r.mu.Unlock()
		return nil, err
	}
	return map[string]any{"ok": true, "echo": in["text"]}, nil
}

func openStores(t *testing.T) map[string]func() store.Store {
	return map[string]func() store.Store{
		"sqlite": func() store.Store {
			s, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "e.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
		"postgres": func() store.Store {
			s, err := sqlstore.OpenPostgres(context.Background(), storetest.PostgresURL(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
}

func newRig(t *testing.T, st store.Store) *rig {
	ten, _ := storetest.Seed(t, st, "eng")
	rec := &recorder{keys: map[string]int{}, failures: map[string]int{}, willRetry: map[string][]bool{}}
	c := &clock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	e := &Engine{Store: st, Interp: &Interp{Actions: NewActions(nil, rec)}, Now: c.Now, Workers: 8}
	r := &rig{t: t, store: st, engine: e, clock: c, tenant: ten.ID, calls: rec}
	r.start()
	t.Cleanup(r.stop)
	return r
}

func (r *rig) start() {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan struct{})
	go func() { r.engine.Run(ctx); close(r.done) }()
}

func (r *rig) stop() {
	if r.cancel != nil {
		r.cancel()
		<-r.done
		r.cancel = nil
	}
}

// publish stores src as a published flow and returns its ID.
func (r *rig) publish(src string) string {
	r.t.Helper()
	ctx := context.Background()
	f := store.Flow{ID: ids.New("flw"), TenantID: r.tenant, Name: "f" + ids.New("x")[2:], Draft: src, CreatedAt: time.Now()}
	if err := r.store.CreateFlow(ctx, f); err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.store.PublishFlow(ctx, r.tenant, f.ID, "", "manual", time.Now()); err != nil {
		r.t.Fatal(err)
	}
	return f.ID
}

func (r *rig) run(flowID string, s Start) store.Run {
	r.t.Helper()
	s.TenantID, s.FlowID = r.tenant, flowID
	run, err := r.engine.StartRun(context.Background(), s)
	if err != nil {
		r.t.Fatal(err)
	}
	return run
}

// waitFor polls the run until cond holds (the engine runs concurrently).
func (r *rig) waitFor(runID string, cond func(store.Run) bool) store.Run {
	r.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		run, err := r.store.GetRun(context.Background(), r.tenant, runID)
		if err == nil && cond(run) {
			return run
		}
		time.Sleep(5 * time.Millisecond)
	}
	run, _ := r.store.GetRun(context.Background(), r.tenant, runID)
	r.t.Fatalf("run never got there: %+v", run)
	return run
}

func status(s string) func(store.Run) bool { return func(r store.Run) bool { return r.Status == s } }

func (r *rig) path(runID string) []string {
	tr, err := r.store.RunTrace(context.Background(), r.tenant, runID)
	if err != nil {
		r.t.Fatal(err)
	}
	var out []string
	for _, s := range tr {
		out = append(out, s.StepID)
	}
	return out
}

func (r *rig) state(run store.Run) *State {
	st, err := decodeState(run.State)
	if err != nil {
		r.t.Fatal(err)
	}
	return st
}
