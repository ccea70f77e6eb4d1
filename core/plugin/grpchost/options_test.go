package grpchost

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	o := Options{MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}
	for n, want := range []time.Duration{100, 200, 400, 800, 1000, 1000} {
		if got := o.backoff(n); got != want*time.Millisecond {
			t.Errorf("backoff(%d) = %v, want %v", n, got, want*time.Millisecond)
		}
	}
	if got := o.backoff(1 << 20); got != time.Second {
		t.Errorf("backoff after many failures = %v, want the maximum", got)
	}
}

func TestDefaults(t *testing.T) {
	o := Options{}.withDefaults()
	if o.MinBackoff <= 0 || o.MaxBackoff < o.MinBackoff || o.ReadyTimeout <= 0 || o.Log == nil || o.Stderr == nil {
		t.Errorf("defaults incomplete: %+v", o)
	}
}

// TestPluginProcs: the plugin process runs with Options.Procs as its
// GOMAXPROCS, unless its command's environment already sets one.
func TestPluginProcs(t *testing.T) {
	procs := func(opts Options) any {
		t.Helper()
		c := open(t, start(t, opts), "c1", newTestHost())
		out, err := invoke(context.Background(), t, c, "test.procs", nil)
		if err != nil {
			t.Fatal(err)
		}
		return out["procs"]
	}
	opts := fastOptions(t)
	opts.Procs = 3
	if got := procs(opts); fmt.Sprint(got) != "3" {
		t.Errorf("Procs 3: the plugin runs with GOMAXPROCS %v", got)
	}
	opts.Procs = 1
	opts.Command = func() *exec.Cmd {
		cmd := exec.Command(testPlugin)
		cmd.Env = append(os.Environ(), "GOMAXPROCS=2")
		return cmd
	}
	if got := procs(opts); fmt.Sprint(got) != "2" {
		t.Errorf("an explicit GOMAXPROCS=2 became %v", got)
	}
	opts = fastOptions(t)
	if got, want := procs(opts), max(1, runtime.NumCPU()/2); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("by default the plugin runs with GOMAXPROCS %v, want %d", got, want)
	}
}
