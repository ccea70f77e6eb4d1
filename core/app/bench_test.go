package app

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/config"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
)

// n8nShape is the flow DESIGN §6 compares with n8n: webhook trigger, set,
// if, three sets per branch, then the answer to the request at its end.
const n8nShape = `version: 1
name: n8n-shape
trigger: {on: webhook}
steps:
  - {id: set1, uses: set, with: {n: "{{ event.data.n }}"}}
  - {id: branch, if: 'vars.n % 2 == 0', then: even1, else: odd1}
  - {id: even1, uses: set, with: {a: 1}}
  - {id: even2, uses: set, with: {b: 2}}
  - {id: even3, uses: set, with: {c: 3}, next: end}
  - {id: odd1, uses: set, with: {a: 1}}
  - {id: odd2, uses: set, with: {b: 2}}
  - {id: odd3, uses: set, with: {c: 3}}
`

// BenchmarkWebhookFlow posts b.N requests from 16 concurrent clients to a
// webhook-triggered flow and waits for each answer (the run finished, every
// step committed). n8n 2.41.1 on this kind of machine: 27.5 runs/s, p50
// 570 ms, p99 ~800 ms.
func BenchmarkWebhookFlow(b *testing.B) {
	for _, driver := range []string{"sqlite", "postgres"} {
		b.Run(driver, func(b *testing.B) { benchWebhook(b, driver) })
	}
}

func benchWebhook(b *testing.B, driver string) {
	cfg := config.Defaults()
	cfg.DataDir = b.TempDir()
	if driver == "postgres" {
		cfg.DatabaseURL = storetest.PostgresURL(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := Open(ctx, cfg, quiet)
	if err != nil {
		b.Fatal(err)
	}
	login, _ := a.EnsureDemo(ctx)
	p := tenancy.Principal{TenantID: login.TenantID, Role: auth.RoleOwner}
	d, err := a.Flows.Create(ctx, p, n8nShape)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := a.Flows.Publish(ctx, p, d.ID); err != nil {
		b.Fatal(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String() + "/hooks/flows/" + d.ID
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for w := 0; w < 16; w++ {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(b.N); i = next.Add(1) - 1 {
				t0 := time.Now()
				res, err := client.Post(url, "application/json", strings.NewReader(fmt.Sprintf(`{"n":%d}`, i)))
				if err != nil || res.StatusCode != 200 {
					b.Errorf("request %d: %v %v", i, res, err)
					return
				}
				res.Body.Close()
				lat[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "runs/s")
	b.ReportMetric(float64(lat[b.N/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(lat[b.N*99/100].Microseconds())/1000, "p99_ms")
	cancel()
	<-served
}
