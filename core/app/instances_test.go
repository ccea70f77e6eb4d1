package app

import (
	"context"
	"encoding/hex"
	"net"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus/bustest"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
)

// TestTwoInstancesShareTheConnectionsOwners runs two instances as a
// deployment at scale does (one Postgres, one external NATS, one master
// key), each with its own grpc-echo subprocess: each hears the other, both
// name the same owner for a connection, calls through either succeed, and
// when one stops the other hears its goodbye and serves everything.
func TestTwoInstancesShareTheConnectionsOwners(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "grpc-echo")
	if out, err := exec.Command("go", "build", "-o", bin, "../../examples/grpc-echo").CombinedOutput(); err != nil {
		t.Fatalf("build grpc-echo: %v\n%s", err, out)
	}
	key, _ := secrets.NewKey()
	dsn, ns := storetest.PostgresURL(t), bustest.Namespace()
	ctx := context.Background()
	start := func() (*App, context.CancelFunc, chan error) {
		cfg := testConfig(t)
		cfg.DatabaseURL, cfg.BusURL, cfg.MasterKey = dsn, bustest.ExternalURL(), hex.EncodeToString(key)
		a, err := OpenWith(ctx, cfg, quiet, Options{BusNamespace: ns,
			Plugins: []PluginCommand{{ID: "grpc-echo", Command: func() *exec.Cmd { return exec.Command(bin) }}}})
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		sctx, stop := context.WithCancel(ctx)
		served := make(chan error, 1)
		go func() { served <- a.Serve(sctx, ln) }()
		t.Cleanup(func() { stop(); <-served })
		waitHealthy(t, "http://"+ln.Addr().String())
		return a, stop, served
	}
	a, _, _ := start()
	b, stopB, servedB := start()

	const action = "grpcecho.say"
	both := []string{a.Plugins.Roster.ID, b.Plugins.Roster.ID}
	slices.Sort(both)
	for _, x := range []*App{a, b} {
		waitUntil(t, "each instance to hear both", func() bool { return slices.Equal(x.Plugins.Roster.Live(action), both) })
	}
	login, err := a.EnsureDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	owner := tenancy.Principal{TenantID: login.TenantID, Role: auth.RoleOwner}
	conn, err := a.Plugins.CreateConnection(ctx, owner, plugin.ConnectionInput{PluginID: "grpc-echo", Name: "g", Config: map[string]any{"signing_secret": "s"}})
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]any{"text": "oi", "connection": "g"}
	for _, x := range []*App{a, b} {
		if got := x.Plugins.ConnectionKey(ctx, login.TenantID, action, in); got != conn.ID {
			t.Fatalf("the call's connection is %q, want %s", got, conn.ID)
		}
	}
	ownerA, _ := a.Plugins.Roster.Owner(action, conn.ID, "")
	ownerB, _ := b.Plugins.Roster.Owner(action, conn.ID, "")
	if ownerA == "" || ownerA != ownerB {
		t.Fatalf("the instances name different owners for %s: %q and %q", conn.ID, ownerA, ownerB)
	}
	for _, x := range []*App{a, b} {
		if out, err := x.invoker.InvokeAction(ctx, login.TenantID, action, in, ""); err != nil || out["text"] != "oi" {
			t.Fatalf("call through %s: %v %v", x.Plugins.Roster.ID, out, err)
		}
	}

	stopB()
	if err := <-servedB; err != nil {
		t.Fatal(err)
	}
	servedB <- nil // for the cleanup
	waitUntil(t, "the other instance to hear the goodbye", func() bool {
		return slices.Equal(a.Plugins.Roster.Live(action), []string{a.Plugins.Roster.ID})
	})
	if out, err := a.invoker.InvokeAction(ctx, login.TenantID, action, in, ""); err != nil || out["text"] != "oi" {
		t.Fatalf("call after the other instance stopped: %v %v", out, err)
	}
}

// waitUntil polls cond for up to five seconds (a goodbye must arrive well
// before silence alone, six seconds, would drop an instance).
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 5s for %s", what)
		}
	}
}
