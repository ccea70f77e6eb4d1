package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/plugin"
	"github.com/masteria/masteria/core/plugin/grpchost"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// pacedMPS is the number's throughput in this benchmark, the plugin's and
// the simulator's alike.
const pacedMPS = 40

// BenchmarkPacingAcrossInstances: one WhatsApp number's template sends,
// made by callers on two core instances, each instance with its own
// whatsapp-cloud subprocess, on one store and one bus. The connection and
// the Graph API simulator both allow pacedMPS messages a second.
// routing=owner sends every call for the connection to its owner instance
// (plugin.Roster), so one pacer sees them all; routing=queue is the queue
// group alone, as before, where each subprocess paces its share. Reports
// sends/s (accepted by the simulator), the configured limit, how many
// requests the simulator refused with 130429 (rate limited), and how many
// sends failed rate-limited (refused, or held by the pacer past
// max_pacing_wait).
func BenchmarkPacingAcrossInstances(b *testing.B) {
	for _, routing := range []string{"owner", "queue"} {
		b.Run("routing="+routing, func(b *testing.B) { pacingAcross(b, routing == "owner") })
	}
}

func pacingAcross(b *testing.B, owned bool) {
	ctx := context.Background()
	cfg := sim.DefaultConfig()
	acct := &cfg.Accounts[0]
	acct.MessagingLimit = sim.TierUnlimited
	acct.PhoneNumbers[0].Throughput = pacedMPS
	cfg.PairRate = sim.PairRate{Burst: 1 << 30, Every: time.Hour}
	cfg.Progression = sim.Progression{Sent: sim.Never, Delivered: sim.Never, Read: sim.Never, Reply: sim.Never}
	s, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var refused atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &codeWriter{ResponseWriter: w}
		s.ServeHTTP(cw, r)
		if cw.status == http.StatusBadRequest && bytes.Contains(cw.head, []byte("130429")) {
			refused.Add(1)
		}
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)

	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(b.TempDir(), "p.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	key, _ := secrets.NewKey()
	k, _ := secrets.NewKeyring(key)
	bs, err := bus.Open(ctx, bus.Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer bs.Close()
	// Teardown, in this order: stop serving, then close the managers and
	// the plugin processes.
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var closers []func()
	defer func() {
		stop()
		wg.Wait()
		for _, c := range closers {
			c()
		}
	}()

	var invokers []plugin.BusInvoker
	var rosters []*plugin.Roster
	var first *plugin.Manager
	for range 2 {
		p, err := grpchost.Start(ctx, grpchost.Options{Command: grpchost.Executable(binary(b), "plugin", "serve", "whatsapp-cloud"),
			ExtraHosts: []string{u.Host}, Log: sdktest.NewLogger(b)})
		if err != nil {
			b.Fatal(err)
		}
		m := plugin.NewManager(st, k, nil)
		closers = append(closers, m.Close, func() { p.Close() })
		if err := m.Register(p.Factory()); err != nil {
			b.Fatal(err)
		}
		inv := plugin.BusInvoker{Bus: bs, Timeout: time.Minute}
		if owned {
			m.Roster = plugin.NewRoster(bs, nil)
			inv.Roster, inv.Key = m.Roster, m.ConnectionKey
			rosters = append(rosters, m.Roster)
			wg.Go(func() { _ = m.Roster.Run(runCtx) })
		}
		wg.Go(func() { _ = m.ServeActions(runCtx, bs) })
		invokers = append(invokers, inv)
		if first == nil {
			first = m
		}
	}
	ten, _ := storetest.Seed(b, st, "pacing")
	owner := tenancy.Principal{TenantID: ten.ID, Role: auth.RoleOwner}
	if _, err := first.CreateConnection(ctx, owner, plugin.ConnectionInput{PluginID: "whatsapp-cloud", Name: "n", Config: map[string]any{
		"phone_number_id": sim.DemoPhoneNumberID, "waba_id": sim.DemoWABAID, "access_token": sim.DemoAccessToken,
		"app_secret": sim.DemoAppSecret, "verify_token": sim.DemoVerifyToken, "graph_base_url": srv.URL,
		"throughput": pacedMPS, "max_pacing_wait": "5s"}}); err != nil {
		b.Fatal(err)
	}
	send := func(inv plugin.BusInvoker, i int64) error {
		_, err := inv.InvokeAction(ctx, ten.ID, "whatsapp.send", map[string]any{"to": fmt.Sprint("+55119", 10000000+i),
			"kind": "template", "template": map[string]any{"name": "hello_world", "language": "en_US"}}, fmt.Sprint("pace-", i))
		return err
	}
	// Routed, both instances know each other before the clock starts; a
	// warm-up call from each opens the connection.
	for _, r := range rosters {
		for wait := 0; len(r.Live("whatsapp.send")) < 2; wait++ {
			if wait == 500 {
				b.Fatal("the instances did not hear each other in 5s")
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	for i, inv := range invokers {
		for wait := 0; ; wait++ { // the queue subscriptions start asynchronously
			err := send(inv, -1-int64(i))
			if err == nil {
				break
			}
			if wait == 50 {
				b.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	time.Sleep(time.Second) // the warm-up's tokens come back
	before := len(s.Messages(sim.Filter{}))

	var next, limited atomic.Int64
	var callers sync.WaitGroup
	refused.Store(0)
	b.ResetTimer()
	start := time.Now()
	for c := range 16 {
		callers.Go(func() {
			for i := next.Add(1) - 1; i < int64(b.N); i = next.Add(1) - 1 {
				err := send(invokers[c%2], i)
				if class, _, _ := sdk.ClassOf(err); err != nil && class == sdk.ClassRateLimited {
					limited.Add(1)
				} else if err != nil && !errors.Is(err, context.Canceled) {
					b.Error(err)
					return
				}
			}
		})
	}
	callers.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	accepted := len(s.Messages(sim.Filter{})) - before
	b.ReportMetric(float64(accepted)/elapsed.Seconds(), "sends/s")
	b.ReportMetric(pacedMPS, "limit/s")
	b.ReportMetric(float64(refused.Load()), "refused-130429")
	b.ReportMetric(float64(limited.Load()), "failed-rate-limited")
}

// codeWriter keeps a response's status and the start of its body.
type codeWriter struct {
	http.ResponseWriter
	status int
	head   []byte
}

func (w *codeWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *codeWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if len(w.head) < 512 {
		w.head = append(w.head, p[:min(len(p), 512-len(w.head))]...)
	}
	return w.ResponseWriter.Write(p)
}
