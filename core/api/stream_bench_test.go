package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	fws "github.com/fasthttp/websocket"
	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/secrets"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/tenancy"
)

// BenchmarkStreamFanout measures how long a committed event takes to reach
// every one of 1,000 WebSockets of its tenant (outbox → relay → JetStream
// → each socket's subscription → frame): p50/p99 over all deliveries.
// b.N is the number of events.
func BenchmarkStreamFanout(b *testing.B) {
	const clients = 1000
	st, base, key := benchServer(b)
	conns := make([]*fws.Conn, clients)
	url := "ws" + strings.TrimPrefix(base, "http") + "/api/v1/stream"
	for i := range conns {
		c, _, err := fws.DefaultDialer.Dial(url, http.Header{"Authorization": {"Bearer " + key.key}})
		if err != nil {
			b.Fatalf("client %d: %v", i, err)
		}
		defer c.Close()
		conns[i] = c
	}
	time.Sleep(500 * time.Millisecond)
	var mu sync.Mutex
	lat := make([]time.Duration, 0, clients*b.N)
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Go(func() { collectFrames(c, b.N, &mu, &lat) })
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		payload, _ := json.Marshal(map[string]int64{"sent_at": time.Now().UnixNano()})
		if err := st.Emit(context.Background(), store.Event{TenantID: key.tenant, Type: "bench.tick", MsgID: ids.New("evt"), Payload: payload}); err != nil {
			b.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond) // a steady stream, not a flood
	}
	wg.Wait()
	b.StopTimer()
	if len(lat) != clients*b.N {
		b.Fatalf("%d of %d frames arrived", len(lat), clients*b.N)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99_ms")
}

func collectFrames(c *fws.Conn, n int, mu *sync.Mutex, lat *[]time.Duration) {
	for got := 0; got < n; {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		var f streamFrame
		if err := c.ReadJSON(&f); err != nil {
			return
		}
		var d struct {
			SentAt int64 `json:"sent_at"`
		}
		if f.Type != "bench.tick" || json.Unmarshal(f.Data, &d) != nil {
			continue
		}
		mu.Lock()
		*lat = append(*lat, time.Since(time.Unix(0, d.SentAt)))
		mu.Unlock()
		got++
	}
}

type benchKey struct{ tenant, key string }

// benchServer runs the API over SQLite and embedded NATS with the relay.
func benchServer(b *testing.B) (store.Store, string, benchKey) {
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	dir := b.TempDir()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(dir, "m.db"))
	if err != nil {
		b.Fatal(err)
	}
	bs, err := bus.Open(ctx, bus.Options{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	k, _ := secrets.NewKey()
	ring, _ := secrets.NewKeyring(k)
	svc := tenancy.New(st, ring)
	app := New(Deps{Tenancy: svc, Store: st, Bus: bs, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BodyLimit: 1 << 20})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = app.Listener(ln, fiber.ListenConfig{DisableStartupMessage: true}) }()
	go (&bus.Relay{Store: st, Bus: bs}).Run(ctx)
	b.Cleanup(func() { _ = app.Shutdown(); bs.Close(); st.Close() })
	ws, err := svc.CreateWorkspace(ctx, tenancy.NewWorkspace{Name: "bench", Email: "bench@example.com", Password: "password-bench"})
	if err != nil {
		b.Fatal(err)
	}
	return st, "http://" + ln.Addr().String(), benchKey{tenant: ws.Tenant.ID, key: ws.APIKey}
}
