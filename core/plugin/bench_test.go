package plugin

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/plugin/grpchost"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

// inProc is the in-process baseline: the same trivial action, no transport.
type inProc struct{ sdk.Base }

func (*inProc) Manifest() sdk.Manifest {
	return sdk.Manifest{ID: "inproc", Version: "1.0.0", Title: "In process", Runtime: sdk.RuntimeGRPC, Namespaces: []string{"inproc"},
		Actions: []sdk.ActionSpec{{ID: "inproc.say", Title: "Say", Input: sdk.Fields{sdk.NewStringField("text").Required()},
			Output: sdk.Fields{sdk.NewStringField("text")}}}}
}

func (*inProc) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{"inproc.say": sdk.ActionFunc(func(_ context.Context, in sdk.Input) (sdk.Output, error) {
		return sdk.Output{Values: map[string]any{"text": in.Params.String("text")}}, nil
	})}
}

// BenchmarkActionCall: per-call latency of a trivial action in process,
// over go-plugin (the call lane), and through the bus (request/reply to the
// manager that calls the plugin); bus_in_process is the bus's own cost, its
// request/reply to an in-process action. Reports p50/p99 in µs.
func BenchmarkActionCall(b *testing.B) {
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	key, _ := secrets.NewKey()
	k, _ := secrets.NewKeyring(key)
	m := NewManager(st, k, nil)
	p, err := grpchost.Start(ctx, grpchost.Options{Command: grpchost.Executable(echoBin)})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	for _, f := range []sdk.Factory{p.Factory(), func() sdk.Plugin { return &inProc{} }} {
		if err := m.Register(f); err != nil {
			b.Fatal(err)
		}
	}
	ten, _ := storetest.Seed(b, st, "bench")
	owner := tenancy.Principal{TenantID: ten.ID, Role: auth.RoleOwner}
	for _, c := range []ConnectionInput{{PluginID: "grpc-echo", Name: "e", Config: map[string]any{"signing_secret": "s"}}, {PluginID: "inproc", Name: "i"}} {
		if _, err := m.CreateConnection(ctx, owner, c); err != nil {
			b.Fatal(err)
		}
	}
	bs, err := bus.Open(ctx, bus.Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer bs.Close()
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go m.ServeActions(sctx, bs)
	time.Sleep(100 * time.Millisecond)
	in := map[string]any{"text": "oi"}
	cases := []struct {
		name   string
		action string
		inv    interface {
			InvokeAction(context.Context, string, string, map[string]any, string) (map[string]any, error)
		}
	}{
		{"in_process", "inproc.say", m},
		{"go_plugin_grpc", "grpcecho.say", m},
		{"bus_to_go_plugin", "grpcecho.say", BusInvoker{Bus: bs}},
		{"bus_in_process", "inproc.say", BusInvoker{Bus: bs}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				if _, err := c.inv.InvokeAction(ctx, ten.ID, c.action, in, "k"); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1000, "p50_µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1000, "p99_µs")
		})
	}
}
