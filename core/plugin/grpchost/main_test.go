package grpchost

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// testPlugin is the path of internal/testplugin, built once by TestMain.
var testPlugin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "grpchost-test")
	if err != nil {
		panic(err)
	}
	testPlugin = filepath.Join(dir, "testplugin")
	if out, err := exec.Command("go", "build", "-o", testPlugin, "./internal/testplugin").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the test plugin: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	CleanupClients()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// fastOptions run the test plugin with short timings.
func fastOptions(t *testing.T) Options {
	return Options{
		Command:    Executable(testPlugin),
		Log:        sdktest.NewLogger(t),
		MinBackoff: 10 * time.Millisecond,
	}
}

func start(t *testing.T, opts Options) *Plugin {
	t.Helper()
	p, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// testHost is a connection's host services, with the log kept for checks.
type testHost struct {
	sdk.Host
	kv     *sdktest.MemoryKV
	events *sdktest.EventLog
	log    *syncBuffer
}

func newTestHost() *testHost {
	h := &testHost{kv: sdktest.NewMemoryKV(sdk.SystemClock()), events: &sdktest.EventLog{}, log: &syncBuffer{}}
	h.Host = sdk.Host{KV: h.kv, Secrets: sdktest.Secrets{"token": "t0k"}, Events: h.events,
		Log: slog.New(slog.NewTextHandler(h.log, nil))}
	return h
}

// newConnection is a connection with fresh in-memory host services.
func newConnection(id string) sdk.Connection { return sdk.Connection{ID: id, Host: newTestHost().Host} }

func open(t *testing.T, p *Plugin, id string, h *testHost) *Connection {
	t.Helper()
	c, err := p.Open(context.Background(), sdk.Connection{ID: id, Host: h.Host})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// invoke parses raw against the action's declared input and invokes it.
func invoke(ctx context.Context, t *testing.T, c *Connection, action string, raw map[string]any) (map[string]any, error) {
	t.Helper()
	spec, ok := c.p.Manifest().Action(action)
	if !ok {
		t.Fatalf("no action %q", action)
	}
	in, err := spec.ParseInput(raw)
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Invoke(ctx, action, in)
	return out.Values, err
}

// eventually waits up to 5s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
