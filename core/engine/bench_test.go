package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
)

const tenCore = `version: 1
name: ten-core
trigger: {on: manual}
steps:
  - {id: s1, uses: set, with: {n: 1}}
  - {id: s2, uses: set, with: {greeting: "oi {{ vars.n }}"}}
  - {id: s3, if: 'vars.n == 1', then: s4, else: s10}
  - {id: s4, uses: set, with: {a: 1}}
  - {id: s5, uses: set, with: {b: 2}}
  - {id: s6, uses: set, with: {c: 3}}
  - {id: s7, uses: set, with: {d: 4}}
  - {id: s8, uses: set, with: {e: 5}}
  - {id: s9, uses: set, with: {f: 6}}
  - {id: s10, uses: end}
`

const tenWithPlugin = `version: 1
name: ten-plugin
trigger: {on: manual}
steps:
  - {id: s1, uses: set, with: {n: 1}}
  - {id: s2, uses: test.send, with: {text: "oi {{ vars.n }}"}}
  - {id: s3, if: 'vars.n == 1', then: s4, else: s10}
  - {id: s4, uses: set, with: {a: 1}}
  - {id: s5, uses: set, with: {b: 2}}
  - {id: s6, uses: set, with: {c: 3}}
  - {id: s7, uses: set, with: {d: 4}}
  - {id: s8, uses: set, with: {e: 5}}
  - {id: s9, uses: set, with: {f: 6}}
  - {id: s10, uses: end}
`

// nopPlugin is an in-process plugin action (the baseline; the plugin
// runtime benchmarks measure the transports).
type nopPlugin struct{}

func (nopPlugin) InvokeAction(context.Context, string, string, map[string]any, string) (map[string]any, error) {
	return map[string]any{"ok": true}, nil
}

// BenchmarkFlowRuns: b.N runs of a 10-step flow, every step committed,
// started through the engine and run to completion. Reports runs/s and
// step executions/s.
func BenchmarkFlowRuns(b *testing.B) {
	for _, driver := range []string{"sqlite", "postgres"} {
		for name, src := range map[string]string{"core_steps": tenCore, "one_plugin_call": tenWithPlugin} {
			b.Run(driver+"/"+name, func(b *testing.B) { benchRuns(b, benchStore(b, driver), src) })
		}
	}
}

func benchStore(b *testing.B, driver string) store.Store {
	var st store.Store
	var err error
	if driver == "sqlite" {
		st, err = sqlstore.OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	} else {
		st, err = sqlstore.OpenPostgres(context.Background(), storetest.PostgresURL(b))
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

func benchRig(b *testing.B, st store.Store, src string) (*Engine, string, string) {
	ten, _ := storetest.Seed(b, st, "bench")
	e := &Engine{Store: st, Interp: &Interp{Actions: NewActions(nil, nopPlugin{})}, Workers: benchWorkers()}
	ctx := context.Background()
	f := store.Flow{ID: "flw_bench", TenantID: ten.ID, Name: "bench", Draft: src, CreatedAt: time.Now()}
	if err := st.CreateFlow(ctx, f); err != nil {
		b.Fatal(err)
	}
	if _, err := st.PublishFlow(ctx, ten.ID, f.ID, "", "manual", time.Now()); err != nil {
		b.Fatal(err)
	}
	return e, ten.ID, f.ID
}

func benchRuns(b *testing.B, st store.Store, src string) {
	e, tenant, flowID := benchRig(b, st, src)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.Run(ctx)
	b.ResetTimer()
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Go(func() {
			for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
				if _, err := e.StartRun(ctx, Start{TenantID: tenant, FlowID: flowID, Version: 1, TriggerKey: fmt.Sprint(i)}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	waitCompleted(b, st, tenant, b.N)
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "runs/s")
	b.ReportMetric(float64(b.N*10)/elapsed.Seconds(), "steps/s")

}

func waitCompleted(b *testing.B, st store.Store, tenant string, n int) {
	for {
		var c int
		rs, _ := st.ListRuns(context.Background(), tenant, store.RunFilter{Status: store.RunReady, Limit: 1})
		ws, _ := st.ListRuns(context.Background(), tenant, store.RunFilter{Status: store.RunWaiting, Limit: 1})
		c = len(rs) + len(ws)
		if c == 0 {
			done, _ := st.ListRuns(context.Background(), tenant, store.RunFilter{Status: store.RunCompleted, Limit: 1})
			if len(done) > 0 {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// BenchmarkParkedRuns parks b.N runs in a delay, then lets them all come
// due at once: store bytes per parked run, heap while parked, and the time
// for all to wake and finish.
func BenchmarkParkedRuns(b *testing.B) {
	const parked = `version: 1
name: parked
trigger: {on: manual}
steps:
  - {id: wait, uses: delay, with: {duration: 1h}}
  - {id: after, uses: set, with: {woke: true}}
`
	dir := b.TempDir()
	st, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(dir, "parked.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	e, tenant, flowID := benchRig(b, st, parked)
	c := &clock{t: time.Now()}
	e.Now = c.Now
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.Run(ctx)
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := 0; w < 8; w++ {
		wg.Go(func() {
			for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
				e.StartRun(ctx, Start{TenantID: tenant, FlowID: flowID, Version: 1, TriggerKey: fmt.Sprint(i)})
			}
		})
	}
	wg.Wait()
	waitParked(b, st, tenant, b.N)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	size := dirSize(dir)
	b.ResetTimer()
	start := time.Now()
	c.Advance(61 * time.Minute)
	e.Notify()
	waitCompleted(b, st, tenant, b.N)
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(size)/float64(b.N), "store_B/run")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap_MB_parked")
	b.ReportMetric(selfRSSMB(), "rss_MB_parked")
	b.ReportMetric(elapsed.Seconds(), "s_to_wake_all")
}

func waitParked(b *testing.B, st store.Store, tenant string, n int) {
	for {
		rs, _ := st.ListRuns(context.Background(), tenant, store.RunFilter{Status: store.RunReady, Limit: 1})
		if len(rs) == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

func benchWorkers() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_WORKERS")); err == nil {
		return n
	}
	return 0 // the engine's default
}

// selfRSSMB is this process's resident memory.
func selfRSSMB() float64 {
	raw, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
