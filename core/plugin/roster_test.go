package plugin

import (
	"context"
	"encoding/json"
	"errors"
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
	"github.com/masteria/masteria/sdk/grpcplugin"
)

// beatFrom feeds r a heartbeat as the bus would deliver it.
func beatFrom(r *Roster, b beatMsg) {
	raw, _ := json.Marshal(b)
	r.heard(&nats.Msg{Data: raw})
}

func TestOwnersSpreadAndMoveLittle(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	r := &Roster{peers: map[string]peer{}, clock: func() time.Time { return now }}
	if _, ok := r.Owner("wa.send", "c1", ""); ok {
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
		id, ok := r.Owner("wa.send", key, "")
		if !ok {
			t.Fatal("no owner")
		}
		if again, _ := r.Owner("wa.send", key, ""); again != id {
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
	beatFrom(r, beatMsg{ID: "ins_c"}) // goodbye
	moved := 0
	for key, was := range before {
		id, _ := r.Owner("wa.send", key, "")
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
		if id, _ := r.Owner("wa.send", key, ""); id != "ins_a" {
			t.Fatalf("%s owned by %s, silent for longer than %s", key, id, beatLapse)
		}
	}
}

// whoPlugin answers with the name of the instance that runs it, or, when
// down is "plugin" or "connection", with the error grpchost gives for a
// plugin process that is restarting or a connection that did not re-open.
type whoPlugin struct {
	sdk.Base
	instance string
	down     *atomic.Value
}

func (*whoPlugin) Manifest() sdk.Manifest {
	return sdk.Manifest{ID: "who", Version: "1.0.0", Title: "Who", Runtime: sdk.RuntimeGRPC, Namespaces: []string{"who"},
		Actions: []sdk.ActionSpec{{ID: "who.am", Title: "Who am I", Output: sdk.Fields{sdk.NewStringField("instance")}}}}
}

func (p *whoPlugin) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{"who.am": sdk.ActionFunc(func(context.Context, sdk.Input) (sdk.Output, error) {
		switch p.down.Load() {
		case "plugin":
			return sdk.Output{}, fmt.Errorf("plugin %q is restarting: %w (%w)", p.instance, grpcplugin.ErrUnreachable, grpchost.ErrNotDelivered)
		case "connection":
			return sdk.Output{}, fmt.Errorf("connection did not re-open in %q: %w", p.instance, grpchost.ErrNotDelivered)
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
	st, k, b := sharedParts(t)
	managers := map[string]*Manager{}
	down := map[string]*atomic.Value{}
	for _, id := range []string{"ins_a", "ins_b"} {
		m := NewManager(st, k, nil)
		down[id] = new(atomic.Value)
		down[id].Store("")
		if err := m.Register(func() sdk.Plugin { return &whoPlugin{instance: id, down: down[id]} }); err != nil {
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

	keyOf := func(conn string) string {
		return a.m.ConnectionKey(ctx, ten.ID, "who.am", map[string]any{"connection": conn})
	}
	ownerOf := func(r *Roster, conn string) string {
		id, _ := r.Owner("who.am", keyOf(conn), "")
		return id
	}
	firstOwnedBy := func(r *Roster, id string) string {
		for i := range conns {
			if conn := fmt.Sprintf("c%d", i); ownerOf(r, conn) == id {
				return conn
			}
		}
		t.Fatalf("%s owns no connection", id)
		return ""
	}

	// A connection that is not open in its owner's plugin (it did not
	// re-open after a restart): that call goes to the next instance, and
	// the owner keeps its other connections.
	bConn := firstOwnedBy(a.r, "ins_b")
	down["ins_b"].Store("connection")
	if got := servedBy(a.inv, bConn); got != "ins_a" {
		t.Fatalf("%s served by %s while it is not open in ins_b", bConn, got)
	}
	down["ins_b"].Store("")
	if live := a.r.Live("who.am"); len(live) != 2 {
		t.Fatalf("one connection not open in ins_b took it off the roster: %v", live)
	}

	// An owner that went without a goodbye: the call finds no responder on
	// its subject and goes to the connection's next instance; the ghost is
	// shunned, its heartbeats ignored for a while. The ghost's name is
	// chosen so that it ranks first for one of the connections.
	ghost, ghostly := "", ""
	for g := 0; ghostly == ""; g++ {
		ghost = fmt.Sprintf("ins_ghost%d", g)
		for i := range conns {
			conn := fmt.Sprintf("c%d", i)
			if key := keyOf(conn); weight(key, ghost) > max(weight(key, "ins_a"), weight(key, "ins_b")) {
				ghostly = conn
				break
			}
		}
	}
	before := ownerOf(a.r, ghostly)
	beatFrom(a.r, beatMsg{ID: ghost, Actions: []string{"who.am"}})
	if ownerOf(a.r, ghostly) != ghost {
		t.Fatalf("%s does not own %s", ghost, ghostly)
	}
	if got := servedBy(a.inv, ghostly); got != before {
		t.Fatalf("%s served by %s, want its next instance %s", ghostly, got, before)
	}
	beatFrom(a.r, beatMsg{ID: ghost, Actions: []string{"who.am"}})
	if live := a.r.Live("who.am"); len(live) != 2 {
		t.Fatalf("an owner with no responder is back on the roster at its next beat: %v", live)
	}

	// An instance whose plugin is not serving (its subprocess restarting)
	// stops announcing the plugin's actions at its next beat, so callers
	// route its connections elsewhere before any call waits on it; they
	// come back when it serves again.
	var bServing atomic.Bool
	bi.m.SetServing("who", bServing.Load)
	// A call that reaches it before that beat, on its own subject, is
	// answered at once as unavailable, for the caller to take elsewhere;
	// without it, it would wait for the restart.
	if r := callOn(t, b, "ins_b", ten.ID, bConn); r.Error == nil || r.Error.Unavailable != "plugin" {
		t.Fatalf("a call on ins_b's subject while its plugin restarts: %+v", r)
	}
	waitFor(t, "ins_b to stop announcing who.am", func() bool { return len(a.r.Live("who.am")) == 1 })
	if got := servedBy(a.inv, bConn); got != "ins_a" {
		t.Fatalf("%s served by %s while ins_b's plugin is not serving", bConn, got)
	}
	bServing.Store(true)
	waitFor(t, "ins_b to announce who.am again", func() bool { return len(a.r.Live("who.am")) == 2 })
	if got := servedBy(a.inv, bConn); got != "ins_b" {
		t.Fatalf("%s served by %s once ins_b serves again", bConn, got)
	}

	// An owner whose plugin process is down (restarting) but still
	// announced: the call goes to the next instance, and the owner is
	// shunned by that caller.
	aConn := firstOwnedBy(bi.r, "ins_a")
	down["ins_a"].Store("plugin")
	if got := servedBy(bi.inv, aConn); got != "ins_b" {
		t.Fatalf("%s served by %s while ins_a's plugin is down", aConn, got)
	}
	down["ins_a"].Store("")
	if live := bi.r.Live("who.am"); len(live) != 1 || live[0] != "ins_b" {
		t.Fatalf("an owner whose plugin is down is still on the caller's roster: %v", live)
	}

	// A stopped instance says goodbye: its connections move at once (well
	// within beatLapse, after which silence alone would drop it).
	bi.stop()
	waitFor(t, "ins_a to hear ins_b's goodbye", func() bool { return len(a.r.Live("who.am")) == 1 })
	for i := range conns {
		if got := servedBy(a.inv, fmt.Sprintf("c%d", i)); got != "ins_a" {
			t.Fatalf("c%d served by %s after ins_b stopped", i, got)
		}
	}
}

// sharedParts are what a cluster's instances share: one store, one master
// key, one bus. The bus closes after the instances' stops, registered
// later.
func sharedParts(t *testing.T) (*sqlstore.DB, *secrets.Keyring, *bus.Bus) {
	t.Helper()
	st, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key, _ := secrets.NewKey()
	k, _ := secrets.NewKeyring(key)
	b, err := bus.Open(context.Background(), bus.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return st, k, b
}

// callOn sends a who.am call for conn straight to instance id's own
// subject, as a caller that routed it there would.
func callOn(t *testing.T, b *bus.Bus, id, tenantID, conn string) callReply {
	t.Helper()
	raw, _ := json.Marshal(callRequest{TenantID: tenantID, Input: map[string]any{"connection": conn}})
	msg, err := b.Request(context.Background(), b.HostCall(id, "who.am"), raw)
	if err != nil {
		t.Fatal(err)
	}
	var r callReply
	if err := json.Unmarshal(msg.Data, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestWhatIsUnavailable: the reply tells a caller whether another
// instance may serve the call, and whether the owner as a whole is down.
func TestWhatIsUnavailable(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("restarting: %w (%w)", grpcplugin.ErrUnreachable, grpchost.ErrNotDelivered), "plugin"},
		{fmt.Errorf("did not re-open: %w", grpchost.ErrNotDelivered), "connection"},
		{fmt.Errorf("died under the call: %w", grpcplugin.ErrUnreachable), ""},
		{sdk.Permanent(errors.New("bad input"), ""), ""},
	} {
		if got := toWire(c.err).Unavailable; got != c.want {
			t.Errorf("%v: unavailable %q, want %q", c.err, got, c.want)
		}
	}
}

// TestALoneInstanceKeepsItsCalls: with no other instance to take them,
// calls that reach an instance whose plugin is restarting wait for it
// there instead of being turned away.
func TestALoneInstanceKeepsItsCalls(t *testing.T) {
	ctx := context.Background()
	st, k, b := sharedParts(t)
	m := NewManager(st, k, nil)
	down := new(atomic.Value)
	down.Store("")
	if err := m.Register(func() sdk.Plugin { return &whoPlugin{instance: "ins_solo", down: down} }); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	ten, _ := storetest.Seed(t, st, "solo")
	owner := tenancy.Principal{TenantID: ten.ID, Role: auth.RoleOwner}
	if _, err := m.CreateConnection(ctx, owner, ConnectionInput{PluginID: "who", Name: "c0"}); err != nil {
		t.Fatal(err)
	}
	solo := startInstance(t, m, b, "ins_solo")
	waitFor(t, "ins_solo to hear itself", func() bool { return len(solo.r.Live("who.am")) == 1 })
	var serving atomic.Bool
	m.SetServing("who", serving.Load)
	if r := callOn(t, b, "ins_solo", ten.ID, "c0"); r.Error != nil || r.Output["instance"] != "ins_solo" {
		t.Fatalf("a lone instance turned its call away while its plugin restarts: %+v", r.Error)
	}
}
