package wasmhost

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
)

// TestSandbox: each misbehaviour is stopped with an error naming its cause
// and class, and the same connection, with a single instance, serves the
// next call: the failed instance was replaced and the core is unharmed.
func TestSandbox(t *testing.T) {
	m := load(t, Options{CallTimeout: 3 * time.Second, MemoryLimit: 24 << 20, Instances: 1})
	p := open(t, m, nil)
	tests := []struct {
		mode  string
		want  error
		class sdk.Class
		text  string
	}{
		{"loop", ErrTimeLimit, sdk.ClassRetryable, "time limit of 3s"},
		{"hog", ErrMemoryLimit, sdk.ClassRetryable, "memory limit of 24 MiB"},
		{"trap", ErrCrashed, sdk.ClassRetryable, "out of bounds memory access"},
		{"exit", ErrCrashed, sdk.ClassRetryable, "exit code 3"},
		{"panic", nil, sdk.ClassRetryable, "asked to panic"},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			start := time.Now()
			_, err := invoke(context.Background(), t, p, "wasm_echo.misbehave", map[string]any{"mode": tt.mode})
			c, _, _ := sdk.ClassOf(err)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || c != tt.class || !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("err = %v (class %v), want %v (class %v) mentioning %q", err, c, tt.want, tt.class, tt.text)
			}
			t.Logf("stopped after %v: %v", time.Since(start).Round(time.Millisecond), firstLine(err.Error()))
			out, err := invoke(context.Background(), t, p, "wasm_echo.say", map[string]any{"text": "ok"})
			if err != nil || out.Values["text"] != "ok" {
				t.Fatalf("the next call: %v, %v", out.Values, err)
			}
		})
	}
}

// TestCancellation: a module blocked on a timer stops when the caller's
// context ends, with the caller's error rather than the time limit's.
func TestCancellation(t *testing.T) {
	m := load(t, Options{})
	p := open(t, m, nil)
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 100*time.Millisecond)
		}, context.DeadlineExceeded},
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(100*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := tc.ctx()
			defer cancel()
			start := time.Now()
			_, err := invoke(ctx, t, p, "wasm_echo.wait", map[string]any{"for": "1h"})
			if c, _, _ := sdk.ClassOf(err); !errors.Is(err, tc.want) || errors.Is(err, ErrTimeLimit) || c != sdk.ClassRetryable {
				t.Errorf("err = %v (class %v), want a retryable %v", err, c, tc.want)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v to stop", took)
			}
		})
	}
}

// TestPool: calls beyond Options.Instances wait for a free instance;
// calls within it run in parallel.
func TestPool(t *testing.T) {
	const wait = 150 * time.Millisecond
	for _, tc := range []struct {
		instances       int
		atLeast, atMost time.Duration
	}{
		{1, 3 * wait, time.Minute},
		{3, wait, 3 * wait},
	} {
		p := open(t, load(t, Options{Instances: tc.instances}), nil)
		if err := waits(p, tc.instances, time.Millisecond); err != nil { // start every instance
			t.Fatal(err)
		}
		start := time.Now()
		if err := waits(p, 3, wait); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took < tc.atLeast || took > tc.atMost {
			t.Errorf("%d instances: three %v waits took %v, want between %v and %v", tc.instances, wait, took, tc.atLeast, tc.atMost)
		}
	}
}

// waits runs n concurrent wasm_echo.wait calls of d on p.
func waits(p sdk.Plugin, n int, d time.Duration) error {
	spec, _ := p.Manifest().Action("wasm_echo.wait")
	in, err := spec.ParseInput(map[string]any{"for": d.String()})
	if err != nil {
		return err
	}
	errs := make(chan error, n)
	for range n {
		go func() {
			_, err := p.Actions()["wasm_echo.wait"].Invoke(context.Background(), in)
			errs <- err
		}()
	}
	var all []error
	for range n {
		all = append(all, <-errs)
	}
	return errors.Join(all...)
}

func TestLoadRejectsForeignModules(t *testing.T) {
	for _, tc := range []struct {
		name string
		wasm []byte
		want []string
	}{
		{"not wasm", []byte("hello"), []string{"compile"}},
		{"empty module", []byte("\x00asm\x01\x00\x00\x00"), []string{"does not export masteria_invoke", "does not export masteria_alloc"}},
		{"other ABI version", []byte("\x00asm\x01\x00\x00\x00" + "\x01\x04\x01\x60\x00\x00" +
			"\x02\x13\x01\x0bmasteria_v2\x03foo\x00\x00"), []string{"imports masteria_v2.foo; this host serves masteria_v1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(context.Background(), tc.wasm, Options{})
			for _, w := range tc.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("Load = %v, want it to mention %q", err, w)
				}
			}
		})
	}
}
