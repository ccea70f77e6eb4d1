package grpchost

import (
	"context"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk/sdktest"
)

// BenchmarkInvoke measures one trivial action call over go-plugin: host to
// plugin process and back, with the input parsed on both sides, over the
// call lane (the default) and over gRPC alone.
func BenchmarkInvoke(b *testing.B) {
	b.Run("lane", func(b *testing.B) { benchInvoke(b, false) })
	b.Run("grpc", func(b *testing.B) { benchInvoke(b, true) })
}

func benchInvoke(b *testing.B, grpcOnly bool) {
	p, err := Start(context.Background(), Options{Command: Executable(testPlugin), Log: sdktest.NewLogger(b), GRPCOnly: grpcOnly})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	c, err := p.Open(context.Background(), newConnection("bench"))
	if err != nil {
		b.Fatal(err)
	}
	spec, _ := p.Manifest().Action("test.echo")
	in, _ := spec.ParseInput(map[string]any{"value": "x"})
	ctx := context.Background()
	for b.Loop() {
		if _, err := c.Invoke(ctx, "test.echo", in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdStart: a plugin process started (handshake, AutoMTLS,
// manifest), a connection opened and its first call answered; it reports
// the resident memory of the plugin process, what each loaded go-plugin
// costs.
func BenchmarkColdStart(b *testing.B) {
	ctx := context.Background()
	var rss []float64
	for b.Loop() {
		p, err := Start(ctx, Options{Command: Executable(testPlugin)})
		if err != nil {
			b.Fatal(err)
		}
		c, err := p.Open(ctx, newConnection("bench"))
		if err != nil {
			b.Fatal(err)
		}
		spec, _ := p.Manifest().Action("test.echo")
		in, _ := spec.ParseInput(map[string]any{"value": "x"})
		if _, err := c.Invoke(ctx, "test.echo", in); err != nil {
			b.Fatal(err)
		}
		p.mu.Lock()
		pid := p.proc.cmd.Process.Pid
		p.mu.Unlock()
		rss = append(rss, residentMiB(pid))
		_ = p.Close()
	}
	slices.Sort(rss)
	b.ReportMetric(rss[len(rss)/2], "MiB-rss/plugin")
}

// residentMiB reads VmRSS from /proc (0 where there is none).
func residentMiB(pid int) float64 {
	status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkRestart measures how long a crashed plugin takes to serve
// again with the default options (the target is 2 s): each round starts a
// plugin, kills its process and calls until a call succeeds.
func BenchmarkRestart(b *testing.B) {
	ctx := context.Background()
	var took []time.Duration
	for b.Loop() {
		b.StopTimer()
		p, err := Start(ctx, Options{Command: Executable(testPlugin)})
		if err != nil {
			b.Fatal(err)
		}
		c, err := p.Open(ctx, newConnection("bench"))
		if err != nil {
			b.Fatal(err)
		}
		spec, _ := p.Manifest().Action("test.echo")
		in, _ := spec.ParseInput(map[string]any{"value": "x"})
		b.StartTimer()
		t0 := time.Now()
		p.Kill()
		for {
			if _, err := c.Invoke(ctx, "test.echo", in); err == nil {
				break
			}
			time.Sleep(time.Millisecond)
		}
		took = append(took, time.Since(t0))
		b.StopTimer()
		_ = p.Close()
		b.StartTimer()
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Milliseconds()), "p50-ms-to-serve")
	b.ReportMetric(float64(took[len(took)-1].Milliseconds()), "max-ms-to-serve")
}
