package storetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/masteria/masteria/core/ids"
)

// DefaultPostgresURL is the local test server `make test` starts.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PostgresURL returns a URL to a fresh, empty schema on the test Postgres
// (MASTERIA_TEST_POSTGRES_URL, else the local server), dropped when t ends.
// The test fails, not skips, when Postgres is unreachable: `make test`
// starts it, and a skipped driver would prove nothing.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("MASTERIA_TEST_POSTGRES_URL")
	if base == "" {
		base = DefaultPostgresURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("postgres at %s is unreachable (run `make test`, which starts it): %v", base, err)
	}
	defer conn.Close(ctx)
	schema := "t_" + strings.ToLower(strings.TrimPrefix(ids.New("s"), "s_"))
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { dropSchema(base, schema) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func dropSchema(base, schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		fmt.Fprintln(os.Stderr, "drop schema:", err)
		return
	}
	defer conn.Close(ctx)
	_, _ = conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
}
