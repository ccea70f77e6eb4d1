package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/plugin/grpchost"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// beatFrom feeds r a heartbeat as the bus would deliver it.
func beatFrom(r *Roster, b beatMsg) {
	raw, _ := json.Marshal(b)
	r.heard(&nats.Msg{Data: raw})
}

func TestOwnersSpreadAndMoveLittle(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	r := &Roster{peers: map[string]peer{}, clock: func() time.Time { return now }}
	if _, ok := r.Owner("wa.send", "c1"); ok {
		t.Fatal("an owner with no instance known")
	}
	for _, id := range []string{"ins_a", "ins_b", "ins_c"} {
		beatFrom(r, beatMsg{ID: id, Actions: []string{"wa.send"}})
	}
	beatFrom(r, beatMsg{ID: "ins_other", Actions: []string{"sms.send"}})
	const keys = 3000
	before := map[string]string{}
	owned := map[string]int{}
	for i := range keys {
		key := fmt.Sprintf("cnx_%d", i)
		id, ok := r.Owner("wa.send", key)
		if !ok {
			t.Fatal("no owner")
		}
		if again, _ := r.Owner("wa.send", key); again != id {
			t.Fatalf("%s: owner %s, then %s", key, id, again)
		}
		before[key] = id
		owned[id]++
	}
	if owned["ins_other"] > 0 {
		t.Fatal("an instance that does not serve the action owns connections")
	}
	for id, n := range owned {
		if n < keys/3*8/10 || n > keys/3*12/10 {
			t.Fatalf("%s owns %d of %d connections: %v", id, n, keys, owned)
		}
	}
	beatFrom(r, beatMsg{ID: "ins_c", Bye: true})
	moved := 0
	for key, was := range before {
		id, _ := r.Owner("wa.send", key)
		switch {
		case id == "ins_c":
			t.Fatal("a departed instance still owns connections")
		case was != "ins_c" && id != was:
			t.Fatalf("%s moved from %s to %s though its owner stayed", key, was, id)
		case was == "ins_c":
			moved++
		}
	}
	if moved != owned["ins_c"] {
		t.Fatalf("%d moved, ins_c owned %d", moved, owned["ins_c"])
	}
	// An instance not heard from for beatLapse is gone, with no goodbye.
	now = now.Add(beatLapse / 2)
	beatFrom(r, beatMsg{ID: "ins_a", Actions: []string{"wa.send"}})
	now = now.Add(beatLapse/2 + time.Millisecond)
	for key := range before {
		if id, _ := r.Owner("wa.send", key); id != "ins_a" {
			t.Fatalf("%s owned by %s, silent for longer than %s", key, id, beatLapse)
		}
	}
}

// whoPlugin answers with the name of the instance that runs it, or, when
// its host is broken, with the error a plugin subprocess that cannot be
// reached gives.
type whoPlugin struct {
	sdk.Base
	instance string
	broken   *atomic.Bool
}

func (*whoPlugin) Manifest() sdk.Manifest {
	return sdk.Manifest{ID: "who", Version: "1.0.0", Title: "Who", Runtime: sdk.RuntimeGRPC, Namespaces: []string{"who"},
		Actions: []sdk.ActionSpec{{ID: "who.am", Title: "Who am I", Output: sdk.Fields{sdk.NewStringField("instance")}}}}
}

func (p *whoPlugin) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{"who.am": sdk.ActionFunc(func(context.Context, sdk.Input) (sdk.Output, error) {
		if p.broken.Load() {
			return sdk.Output{}, fmt.Errorf("plugin %q is restarting: %w", p.instance, grpchost.ErrNotDelivered)
		}
		return sdk.Output{Values: map[string]any{"instance": p.instance}}, nil
	})}
}

// instance is one core instance of a two-instance cluster: its manager,
// roster and invoker on the shared store and bus.
type instance struct {
	m    *Manager
	r    *Roster
	inv  BusInvoker
	stop context.CancelFunc
}

func startInstance(t *testing.T, m *Manager, b *bus.Bus, id string) *instance {
	r := NewRoster(b, nil)
	r.ID = id
	m.Roster = r
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() { _ = r.Run(ctx); done <- struct{}{} }()
	go func() { _ = m.ServeActions(ctx, b); done <- struct{}{} }()
	in := &instance{m: m, r: r, inv: BusInvoker{Bus: b, Roster: r, Key: m.ConnectionKey, Timeout: 5 * time.Second}}
	var once sync.Once
	in.stop = func() { once.Do(func() { stop(); <-done; <-done }) }
	t.Cleanup(in.stop)
	return in
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("waited 5s for %s", what)
}

func TestAConnectionsCallsGoToOneInstance(t *testing.T) {
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key, _ := secrets.NewKey()
	k, _ := secrets.NewKeyring(key)
	b, err := bus.Open(ctx, bus.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close) // after the instances' stops, registered later
	managers := map[string]*Manager{}
	broken := map[string]*atomic.Bool{}
	for _, id := range []string{"ins_a", "ins_b"} {
		m := NewManager(st, k, nil)
		broken[id] = new(atomic.Bool)
		if err := m.Register(func() sdk.Plugin { return &whoPlugin{instance: id, broken: broken[id]} }); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(m.Close)
		managers[id] = m
	}
	ten, _ := storetest.Seed(t, st, "roster")
	owner := tenancy.Principal{TenantID: ten.ID, Role: auth.RoleOwner}
	const conns = 24
	for i := range conns {
		if _, err := managers["ins_a"].CreateConnection(ctx, owner, ConnectionInput{PluginID: "who", Name: fmt.Sprintf("c%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	a := startInstance(t, managers["ins_a"], b, "ins_a")
	bi := startInstance(t, managers["ins_b"], b, "ins_b")
	for _, in := range []*instance{a, bi} {
		waitFor(t, in.r.ID+" to know both instances", func() bool { return len(in.r.Live("who.am")) == 2 })
	}

	servedBy := func(inv BusInvoker, conn string) string {
		t.Helper()
		out, err := inv.InvokeAction(ctx, ten.ID, "who.am", map[string]any{"connection": conn}, "")
		if err != nil {
			t.Fatalf("%s: %v", conn, err)
		}
		return out["instance"].(string)
	}
	owned := map[string]int{}
	for i := range conns {
		conn := fmt.Sprintf("c%d", i)
		first := servedBy(a.inv, conn)
		for range 5 {
			for _, inv := range []BusInvoker{a.inv, bi.inv} {
				if got := servedBy(inv, conn); got != first {
					t.Fatalf("%s served by %s and by %s", conn, first, got)
				}
			}
		}
		owned[first]++
	}
	if owned["ins_a"] == 0 || owned["ins_b"] == 0 {
		t.Fatalf("one instance serves every connection: %v", owned)
	}

	ownerOf := func(conn string) string {
		id, _ := a.r.Owner("who.am", a.m.ConnectionKey(ctx, ten.ID, "who.am", map[string]any{"connection": conn}))
		return id
	}
	// An owner that went without a goodbye: the call finds no responder on
	// its subject and goes to the connection's next instance; the ghost is
	// shunned, its heartbeats ignored for a while.
	beatFrom(a.r, beatMsg{ID: "ins_ghost", Actions: []string{"who.am"}})
	ghostly := ""
	for i := range conns {
		if conn := fmt.Sprintf("c%d", i); ownerOf(conn) == "ins_ghost" {
			ghostly = conn
			break
		}
	}
	if ghostly == "" {
		t.Fatal("the ghost owns none of the connections")
	}
	if got := servedBy(a.inv, ghostly); got != "ins_a" && got != "ins_b" {
		t.Fatalf("served by %q", got)
	}
	beatFrom(a.r, beatMsg{ID: "ins_ghost", Actions: []string{"who.am"}})
	if live := a.r.Live("who.am"); len(live) != 2 {
		t.Fatalf("an owner with no responder is back on the roster at its next beat: %v", live)
	}

	// An owner whose plugin host is down answers "unavailable": the call
	// is served by the other instance, and so are the next ones.
	brokenConn := ""
	for i := range conns {
		if conn := fmt.Sprintf("c%d", i); ownerOf(conn) == "ins_b" {
			brokenConn = conn
			break
		}
	}
	broken["ins_b"].Store(true)
	for range 3 {
		if got := servedBy(a.inv, brokenConn); got != "ins_a" {
			t.Fatalf("%s served by %s while ins_b's plugin host is down", brokenConn, got)
		}
	}
	broken["ins_b"].Store(false)

	// A stopped instance says goodbye: its connections move at once.
	bi.stop()
	waitFor(t, "ins_a to hear ins_b's goodbye", func() bool { return len(a.r.Live("who.am")) == 1 })
	for i := range conns {
		if got := servedBy(a.inv, fmt.Sprintf("c%d", i)); got != "ins_a" {
			t.Fatalf("c%d served by %s after ins_b stopped", i, got)
		}
	}
}
