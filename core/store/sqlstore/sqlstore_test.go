package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
)

func openSQLite(t *testing.T) store.Store {
	db, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openPostgres(t *testing.T) store.Store {
	db, err := OpenPostgres(context.Background(), storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestContractSQLite(t *testing.T)   { storetest.Run(t, openSQLite) }
func TestContractPostgres(t *testing.T) { storetest.Run(t, openPostgres) }

func TestMigrationsAreRecordedAndIdempotent(t *testing.T) {
	for name, open := range map[string]func(*testing.T) store.Store{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			db := open(t).(*DB)
			ctx := context.Background()
			if err := db.Migrate(ctx); err != nil { // second run applies nothing
				t.Fatal(err)
			}
			got, err := db.AppliedMigrations(ctx)
			if err != nil || len(got) == 0 || got[0] != "0001_foundation.sql" {
				t.Fatalf("applied: %v %v", got, err)
			}
			// An edited released migration is refused.
			if _, err := db.c.exec(ctx, `UPDATE schema_migrations SET checksum = 'edited' WHERE version = '0001_foundation.sql'`); err != nil {
				t.Fatal(err)
			}
			if err := db.Migrate(ctx); err == nil {
				t.Fatal("an edited migration was accepted")
			}
		})
	}
}

// TestSearchSteps runs the search contract with Postgres's arrival-order
// walk and SQLite's Go-matched window shorter than, equal to and longer
// than the pages, so matches come from the walk, from the index, and from
// both within one page; SQLite also with its window given up early.
func TestSearchSteps(t *testing.T) {
	defer func(w, c int, f, p int64) { searchWalk, convWalk, ftsWindow, ftsProbe = w, c, f, p }(searchWalk, convWalk, ftsWindow, ftsProbe)
	for _, walk := range []int{1, 2, 3, 7, 16, 1000} {
		t.Run(fmt.Sprint("walk=", walk), func(t *testing.T) {
			searchWalk, convWalk, ftsWindow = walk, walk, int64(walk)
			for _, probe := range []int64{1, 3, 1000} {
				ftsProbe = probe
				storetest.SearchPages(t, openSQLite(t))
			}
			storetest.SearchPages(t, openPostgres(t))
		})
	}
}
