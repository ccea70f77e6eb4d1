package crm_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
)

var drivers = []string{"sqlite", "postgres"}

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

func owner(b *testing.B, st store.Store, name string) tenancy.Principal {
	ten, u := storetest.Seed(b, st, name)
	return tenancy.Principal{TenantID: ten.ID, UserID: u.ID, Role: auth.RoleOwner}
}

// envInt reads a size from the environment (to run at 1M), else def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// latencies runs fn b.N times and reports p50 and p99 in milliseconds.
func latencies(b *testing.B, fn func(i int) error) {
	b.Helper()
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := fn(i); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)*50/100].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds())/1000, "p99_ms")
}
