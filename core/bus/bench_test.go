package bus

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
)

// BenchmarkOutbox measures events committed and published per second with
// the relay running against embedded JetStream, and the commit → ack lag.
// b.N is the number of events; producers commit perTx events per
// transaction from 4 goroutines.
func BenchmarkOutbox(b *testing.B) {
	for _, driver := range []string{"sqlite", "postgres"} {
		for _, perTx := range []int{1, 16} {
			b.Run(fmt.Sprintf("%s/flood/events_per_tx=%d", driver, perTx), func(b *testing.B) {
				benchOutbox(b, openBenchStore(b, driver), perTx, 0)
			})
		}
		// The target: keep up with an offered 20,000 events/s, one event per
		// transaction, with the publish lag p99 within 50 ms.
		b.Run(driver+"/offered=20000_per_s/events_per_tx=1", func(b *testing.B) {
			benchOutbox(b, openBenchStore(b, driver), 1, 20000)
		})
	}
}

func openBenchStore(b *testing.B, driver string) store.Store {
	ctx := context.Background()
	var st store.Store
	var err error
	if driver == "sqlite" {
		st, err = sqlstore.OpenSQLite(ctx, filepath.Join(b.TempDir(), "bench.db"))
	} else {
		st, err = sqlstore.OpenPostgres(ctx, storetest.PostgresURL(b))
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// benchOutbox runs b.N events through the outbox; rate > 0 paces the
// producers to that many events per second in total, 0 floods.
func benchOutbox(b *testing.B, st store.Store, perTx, rate int) {
	bs, err := Open(context.Background(), Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer bs.Close()
	var mu sync.Mutex
	lags := make([]time.Duration, 0, b.N)
	done := make(chan struct{})
	var published atomic.Int64
	relay := &Relay{Store: st, Bus: bs, Published: func(e store.Event, at time.Time) {
		mu.Lock()
		lags = append(lags, at.Sub(e.CreatedAt))
		mu.Unlock()
		if published.Add(1) == int64(b.N) {
			close(done)
		}
	}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go relay.Run(ctx)
	payload := []byte(`{"contact_id":"con_01","text":"Olá, quero um orçamento"}`)
	b.ResetTimer()
	start := time.Now()
	produce(b, st, b.N, perTx, rate, payload)
	<-done
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lags)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(lags[len(lags)*50/100].Microseconds())/1000, "lag_p50_ms")
	b.ReportMetric(float64(lags[len(lags)*99/100].Microseconds())/1000, "lag_p99_ms")
}

// produce commits n events from 4 goroutines, perTx per transaction, at
// most rate events per second in total when rate > 0.
func produce(b *testing.B, st store.Store, n, perTx, rate int, payload []byte) {
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < 4; w++ {
		wg.Go(func() {
			ctx := context.Background()
			for {
				first := next.Add(int64(perTx)) - int64(perTx)
				if first >= int64(n) {
					return
				}
				if rate > 0 { // wait until this event is due
					if due := start.Add(time.Duration(first) * time.Second / time.Duration(rate)); time.Until(due) > 0 {
						time.Sleep(time.Until(due))
					}
				}
				last := min(first+int64(perTx), int64(n))
				err := st.Tx(ctx, func(q store.Queries) error {
					for i := first; i < last; i++ {
						e := store.Event{TenantID: "ten_bench", Type: EventMessageReceived, MsgID: fmt.Sprintf("b-%d", i), Payload: payload, CreatedAt: time.Now()}
						if err := q.Emit(ctx, e); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
