package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
)

// tenSteps is the benchmark and crash-test flow: ten durable steps, three
// of them side-effecting plugin calls.
const tenSteps = `version: 1
name: ten
trigger: {on: manual}
steps:
  - {id: s1, uses: set, with: {n: 1}}
  - {id: s2, uses: test.send, with: {text: "a {{ vars.n }}"}}
  - {id: s3, uses: set, with: {n: 2}}
  - {id: s4, if: 'vars.n == 2', then: s5, else: s10}
  - {id: s5, uses: test.send, with: {text: b}}
  - {id: s6, uses: set, with: {m: 3}}
  - {id: s7, uses: set, with: {o: 4}}
  - {id: s8, uses: test.send, with: {text: c}}
  - {id: s9, uses: set, with: {done: true}}
  - {id: s10, uses: end}
`

// fileProvider is a plugin whose every call appends its idempotency key to
// a file, so calls survive the process being killed.
type fileProvider struct{ f *os.File }

func (p fileProvider) InvokeAction(_ context.Context, _, _ string, _ map[string]any, key string) (map[string]any, error) {
	if _, err := p.f.WriteString(key + "\n"); err != nil {
		return nil, err
	}
	return map[string]any{"ok": true}, nil
}

// TestCrashChild is the engine process the crash test kills; it does
// nothing unless started by TestKill9ResumesEveryRun.
func TestCrashChild(t *testing.T) {
	db, calls := os.Getenv("CRASH_DB"), os.Getenv("CRASH_CALLS")
	if db == "" {
		return
	}
	st, err := sqlstore.OpenSQLite(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(calls, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{Store: st, Interp: &Interp{Actions: NewActions(nil, fileProvider{f})}, Workers: 16}
	e.Run(context.Background()) // until killed
}

// TestKill9ResumesEveryRun kills the engine process with SIGKILL at random
// moments while 400 runs execute, restarts it each time, and checks that
// every run completes with each step committed exactly once; a plugin call
// interrupted by a kill is repeated with the same idempotency key.
func TestKill9ResumesEveryRun(t *testing.T) {
	dir := t.TempDir()
	dbPath, callsPath := filepath.Join(dir, "crash.db"), filepath.Join(dir, "calls.log")
	st, err := sqlstore.OpenSQLite(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := &rig{t: t, store: st, engine: &Engine{Store: st}}
	ten, _ := storetest.Seed(t, st, "crash")
	r.tenant = ten.ID
	flowID := r.publish(tenSteps)
	const runs = 400
	for i := 0; i < runs; i++ {
		r.run(flowID, Start{TriggerKey: fmt.Sprint("k", i)})
	}
	kills := 0
	for round := 0; round < 6; round++ {
		child := startChild(t, dbPath, callsPath)
		time.Sleep(time.Duration(20+rand.IntN(60)) * time.Millisecond)
		child.Process.Signal(syscall.SIGKILL)
		child.Wait()
		kills++
		done, _ := st.ListRuns(context.Background(), ten.ID, store.RunFilter{Status: store.RunCompleted, Limit: 500})
		t.Logf("after kill %d: %d runs completed", kills, len(done))
	}
	child := startChild(t, dbPath, callsPath) // the last one runs to the end
	defer func() { child.Process.Kill(); child.Wait() }()
	waitAllCompleted(t, st, ten.ID, runs)
	checkTraces(t, st, ten.ID, runs)
	checkCalls(t, callsPath, runs, kills)
}

func startChild(t *testing.T, db, calls string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CRASH_DB="+db, "CRASH_CALLS="+calls)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

func waitAllCompleted(t *testing.T, st store.Store, tenant string, want int) {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		done, _ := st.ListRuns(context.Background(), tenant, store.RunFilter{Status: store.RunCompleted, Limit: 500})
		if len(done) == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("not every run completed after the kills")
}

// checkTraces: every run committed each of its ten steps exactly once, in order.
func checkTraces(t *testing.T, st store.Store, tenant string, runs int) {
	all, _ := st.ListRuns(context.Background(), tenant, store.RunFilter{Limit: 500})
	for _, run := range all {
		tr, err := st.RunTrace(context.Background(), tenant, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, s := range tr {
			ids = append(ids, s.StepID)
		}
		if got := strings.Join(ids, ","); got != "s1,s2,s3,s4,s5,s6,s7,s8,s9,s10" {
			t.Fatalf("run %s trace %s", run.ID, got)
		}
	}
}

// checkCalls: each side-effecting step reached the provider at least once,
// always under its one key; repeats only where a kill interrupted it.
func checkCalls(t *testing.T, path string, runs, kills int) {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, k := range strings.Fields(string(raw)) {
		count[k]++
	}
	if len(count) != runs*3 {
		t.Fatalf("%d distinct idempotency keys reached the provider, want %d", len(count), runs*3)
	}
	repeats := 0
	for _, n := range count {
		repeats += n - 1
	}
	t.Logf("%d kills; %d of %d provider calls were repeats of an interrupted step (same key)", kills, repeats, runs*3)
	if repeats > kills*16 { // at most one in-flight call per worker per kill
		t.Fatalf("%d repeated calls for %d kills: completed steps ran again", repeats, kills)
	}
}
