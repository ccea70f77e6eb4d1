package wasmhost

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/wasm/abi"
)

// BenchmarkCompile: loading the example module with a cold compilation
// cache: compile, check the ABI, read the manifest.
func BenchmarkCompile(b *testing.B) {
	for b.Loop() {
		cache := wazero.NewCompilationCache()
		m, err := Load(context.Background(), echoWasm, Options{Cache: cache})
		if err != nil {
			b.Fatal(err)
		}
		_ = m.Close(context.Background())
		_ = cache.Close(context.Background())
	}
}

// BenchmarkInstantiate: one instance of the compiled module, started
// (_initialize) and closed; it reports the instance's memory once started.
func BenchmarkInstantiate(b *testing.B) {
	m := load(b, Options{})
	svc := &abi.Services{Host: sdk.Permissions{}.Restrict(sdk.Host{})}
	var size uint32
	for b.Loop() {
		in, err := m.instantiate(context.Background(), svc)
		if err != nil {
			b.Fatal(err)
		}
		size = in.mod.Memory().Size()
		in.close()
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB/instance")
}

// BenchmarkOpen: a connection's cold start: an instance started and
// provisioned with the config, then cleaned up.
func BenchmarkOpen(b *testing.B) {
	m := load(b, Options{})
	cfg, _ := m.Manifest().Config.Parse(map[string]any{"signing_secret": "s"})
	for b.Loop() {
		p := m.New()
		if err := sdk.Open(context.Background(), p, sdk.Connection{Config: cfg}); err != nil {
			b.Fatal(err)
		}
		if err := sdk.Close(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCall: the bare ABI round trip on a warm instance: alloc, copy
// the input in, call the invoke export, copy the output out.
func BenchmarkCall(b *testing.B) {
	m := load(b, Options{})
	c := newConnection(m)
	if err := c.Open(context.Background(), sdk.Host{}, abi.Provision{Config: map[string]any{"signing_secret": "s"}}); err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	input := []byte(`{"action":"wasm_echo.say","input":{"text":"hi"}}`)
	for b.Loop() {
		if status, _, err := c.Call(context.Background(), abi.ExportInvoke, input); err != nil || status != abi.StatusOK {
			b.Fatal(status, err)
		}
	}
}

// BenchmarkInvoke: the same trivial action through sdk.Action, as the
// engine calls it, with the per-call latency's p50 and p99.
func BenchmarkInvoke(b *testing.B) {
	p := open(b, load(b, Options{}), nil)
	spec, _ := p.Manifest().Action("wasm_echo.say")
	in, _ := spec.ParseInput(map[string]any{"text": "hi"})
	say := p.Actions()["wasm_echo.say"]
	took := make([]time.Duration, 0, 1<<16)
	for b.Loop() {
		start := time.Now()
		if _, err := say.Invoke(context.Background(), in); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkInvokeParallel: calls from every P at once on one connection,
// served by its pool.
func BenchmarkInvokeParallel(b *testing.B) {
	p := open(b, load(b, Options{}), nil)
	spec, _ := p.Manifest().Action("wasm_echo.say")
	in, _ := spec.ParseInput(map[string]any{"text": "hi"})
	say := p.Actions()["wasm_echo.say"]
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := say.Invoke(context.Background(), in); err != nil {
				b.Error(err)
			}
		}
	})
}
