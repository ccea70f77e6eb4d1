package grpchost

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/grpcplugin"
)

// pid returns the ID of the process serving c.
func pid(t *testing.T, c *Connection) int {
	t.Helper()
	out, err := invoke(context.Background(), t, c, "test.pid", nil)
	if err != nil {
		t.Fatalf("test.pid: %v", err)
	}
	n, err := out["pid"].(json.Number).Int64()
	if err != nil {
		t.Fatalf("test.pid returned %v", out["pid"])
	}
	return int(n)
}

func wantRetryable(t *testing.T, what string, err error) {
	t.Helper()
	if class, _, _ := sdk.ClassOf(err); err == nil || class != sdk.ClassRetryable || !errors.Is(err, grpcplugin.ErrUnreachable) {
		t.Errorf("%s = %v (%v), want a retryable ErrUnreachable", what, err, class)
	}
}

// TestCrashRestarts: an action calls os.Exit. It and every other call in
// flight fail retryable, the supervisor restarts the process and re-opens
// the connection, and the next call succeeds in the new process.
func TestCrashRestarts(t *testing.T) {
	p := start(t, fastOptions(t))
	h := newTestHost()
	c := open(t, p, "c1", h)
	before := pid(t, c)

	var wg sync.WaitGroup
	blocked := make(chan error, 3)
	for range 3 {
		wg.Go(func() {
			_, err := invoke(context.Background(), t, c, "test.block", map[string]any{"tag": "b"})
			blocked <- err
		})
	}
	time.Sleep(50 * time.Millisecond) // let them reach the plugin
	crashed := time.Now()
	_, err := invoke(context.Background(), t, c, "test.exit", nil)
	wantRetryable(t, "the call that crashed the plugin", err)
	wg.Wait()
	close(blocked)
	for err := range blocked {
		wantRetryable(t, "a call in flight during the crash", err)
		if errors.Is(err, ErrNotDelivered) {
			t.Errorf("a call the plugin had when it crashed is marked not delivered: %v", err)
		}
	}

	after := pid(t, c)
	if took := time.Since(crashed); took > 2*time.Second {
		t.Errorf("serving again took %v after the crash, want under 2s", took)
	}
	if after == before {
		t.Errorf("the call after the crash ran in process %v, the crashed one", after)
	}
	if p.Restarts() != 1 {
		t.Errorf("Restarts = %d, want 1", p.Restarts())
	}
	if n := strings.Count(h.log.String(), "provisioned"); n != 2 {
		t.Errorf("the connection was provisioned %d times, want twice (once per process); log:\n%s", n, h.log)
	}
}

// TestARefusedReopenIsTriedAgain: after a restart the plugin refuses to
// re-open a connection; its calls fail (retryable, unreachable) until
// ReopenRetry has passed, and the next call then opens it again.
func TestARefusedReopenIsTriedAgain(t *testing.T) {
	opts := fastOptions(t)
	opts.ReopenRetry = 3 * time.Second
	p := start(t, opts)
	h := newTestHost()
	c := open(t, p, "c1", h)
	ctx := context.Background()
	_ = h.kv.Set(ctx, "refuse", []byte("the provider timed out"), 0)
	_, err := invoke(ctx, t, c, "test.exit", nil)
	wantRetryable(t, "the call that crashed the plugin", err)
	eventually(t, "the restart", func() bool { return p.Restarts() == 1 })
	_, err = invoke(ctx, t, c, "test.echo", map[string]any{"value": "x"})
	if class, _, _ := sdk.ClassOf(err); err == nil || class != sdk.ClassRetryable || !errors.Is(err, ErrNotDelivered) {
		t.Errorf("a call on the refused connection = %v (%v), want a retryable ErrNotDelivered", err, class)
	}
	if err == nil || !strings.Contains(err.Error(), "the provider timed out") {
		t.Fatalf("the call's error does not say why: %v", err)
	}
	_ = h.kv.Delete(ctx, "refuse")
	if _, err = invoke(ctx, t, c, "test.echo", map[string]any{"value": "x"}); err == nil {
		t.Fatal("the connection was opened again before ReopenRetry passed")
	}
	eventually(t, "the connection to open again", func() bool {
		out, err := invoke(ctx, t, c, "test.echo", map[string]any{"value": "x"})
		return err == nil && out["value"] == "x"
	})
	if n := strings.Count(h.log.String(), "provisioned"); n != 2 {
		t.Errorf("provisioned %d times, want twice (before the crash, and on the retry)", n)
	}
}

// TestACallWhileRestartingIsNotDelivered: a call that waits past
// ReadyTimeout for a restart fails retryable and marked not delivered, so
// a caller may try it on another instance at once.
func TestACallWhileRestartingIsNotDelivered(t *testing.T) {
	opts := fastOptions(t)
	opts.MinBackoff, opts.ReadyTimeout = 3*time.Second, 50*time.Millisecond
	p := start(t, opts)
	c := open(t, p, "c1", newTestHost())
	if !p.Serving() {
		t.Fatal("a started plugin is not serving")
	}
	_, err := invoke(context.Background(), t, c, "test.exit", nil)
	wantRetryable(t, "the call that crashed the plugin", err)
	if p.Serving() {
		t.Error("a plugin waiting to restart says it is serving")
	}
	_, err = invoke(context.Background(), t, c, "test.echo", map[string]any{"value": "x"})
	wantRetryable(t, "a call while the plugin restarts", err)
	if !errors.Is(err, ErrNotDelivered) {
		t.Errorf("a call while the plugin restarts is not marked not delivered: %v", err)
	}
}

// TestHungProcessRestarted: a process that stops answering health checks
// is killed and replaced.
func TestHungProcessRestarted(t *testing.T) {
	opts := fastOptions(t)
	// A timeout loose enough that a busy machine's scheduling delays do
	// not fail a healthy process's checks; the hung one never answers.
	opts.HealthInterval, opts.HealthTimeout = 50*time.Millisecond, 300*time.Millisecond
	p := start(t, opts)
	c := open(t, p, "c1", newTestHost())
	before := pid(t, c)
	if err := syscall.Kill(before, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the hung process to be replaced", func() bool { return p.Restarts() == 1 })
	if after := pid(t, c); after == before {
		t.Error("still served by the hung process")
	}
}
