package sqlstore

import (
	"context"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
)

// TestNameFoldedIsTheSearchsFold: the store keeps a contact's name as the
// search folds what is typed (foldName), on create and on update.
func TestNameFoldedIsTheSearchsFold(t *testing.T) {
	for name, open := range map[string]func(*testing.T) store.Store{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			db := open(t).(*DB)
			ctx := context.Background()
			ten, _ := storetest.Seed(t, db, "acme")
			c := storetest.NewContact(ten.ID, "João "+accented+" MARIA da Conceição-Souza 2º")
			if err := db.CreateContact(ctx, c); err != nil {
				t.Fatal(err)
			}
			folded := func() string {
				var got string
				if err := db.c.queryRow(ctx, `SELECT name_folded FROM contacts WHERE id = $1`, c.ID).Scan(&got); err != nil {
					t.Fatal(err)
				}
				return got
			}
			if got, want := folded(), "joao "+bare+" maria da conceicao-souza 2º"; got != want {
				t.Fatalf("name_folded %q, want %q", got, want)
			}
			c.Name = "Ângela Brandão"
			if err := db.UpdateContact(ctx, c); err != nil {
				t.Fatal(err)
			}
			if got := folded(); got != "angela brandao" {
				t.Fatalf("renamed, name_folded %q", got)
			}
		})
	}
}

// TestNameFoldedMigrates: names stored before the column existed are
// folded by the migration as the store folds them.
func TestNameFoldedMigrates(t *testing.T) {
	for name, open := range map[string]func(*testing.T) store.Store{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			db := open(t).(*DB)
			ctx := context.Background()
			ten, _ := storetest.Seed(t, db, "acme")
			c := storetest.NewContact(ten.ID, "JOÃO Conceição "+accented)
			if err := db.CreateContact(ctx, c); err != nil {
				t.Fatal(err)
			}
			version := map[string]string{SQLite: "0019_contacts_name_folded.sql", Postgres: "0017_contacts_name_folded.sql"}[db.dialect]
			for _, q := range []string{`DROP INDEX contacts_name_folded`, `ALTER TABLE contacts DROP COLUMN name_folded`,
				`DELETE FROM schema_migrations WHERE version = '` + version + `'`} {
				if _, err := db.c.exec(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			var got string
			if err := db.c.queryRow(ctx, `SELECT name_folded FROM contacts WHERE id = $1`, c.ID).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if want := foldName(c.Name); got != want {
				t.Fatalf("migrated name_folded %q, the search folds it to %q", got, want)
			}
		})
	}
}

// TestContactSearchReadsTheNamesOnce: the search by contact reads the
// tenant's folded names (or phones) once for the whole list, not once per
// conversation (a subquery on the outer row's tenant did: seconds at
// 2,000 contacts), and on SQLite from the name_folded index alone (or the
// phones' index).
func TestContactSearchReadsTheNamesOnce(t *testing.T) {
	for name, open := range map[string]func(*testing.T) store.Store{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			db := open(t).(*DB)
			ctx := context.Background()
			for q, index := range map[string]string{"maria": "COVERING INDEX contacts_name_folded", "98765": "INDEX contacts_phone"} {
				s, _, _, err := listConversations(db.dialect, "ten_1", store.ConversationFilter{Query: q, Page: store.Page{Limit: 10}})
				if err != nil {
					t.Fatal(err)
				}
				explain := `EXPLAIN QUERY PLAN `
				if db.dialect == Postgres {
					explain = `EXPLAIN (COSTS OFF) `
				}
				r, err := db.c.query(ctx, explain+s.String(), s.args...)
				plan, err := collect(r, err, planLine(db.dialect))
				if err != nil {
					t.Fatal(err)
				}
				all := strings.Join(plan, "\n")
				if readsContactsPerRow(plan) {
					t.Fatalf("q=%s: the contacts are read for each conversation:\n%s", q, all)
				}
				if db.dialect == SQLite && (!strings.Contains(all, "LIST SUBQUERY") || !strings.Contains(all, "USING "+index+" (tenant_id=?)")) {
					t.Fatalf("q=%s: the contacts are not read once through %s:\n%s", q, index, all)
				}
			}
		})
	}
}

// readsContactsPerRow says whether a plan reads contacts in a subquery
// it runs again for each row: SQLite's CORRELATED subqueries, Postgres's
// SubPlans (not hashed), each with the lines indented under it.
func readsContactsPerRow(plan []string) bool {
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
	for i, l := range plan {
		perRow := strings.Contains(l, "CORRELATED") || strings.Contains(l, "SubPlan") && !strings.Contains(l, "hashed")
		if !perRow {
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(l), "CORRELATED") && i+1 < len(plan) { // SQLite: the next line is its table
			if strings.Contains(plan[i+1], "contacts") {
				return true
			}
			continue
		}
		for _, under := range plan[i+1:] {
			if indent(under) <= indent(l) {
				break
			}
			if strings.Contains(under, " on contacts") || strings.Contains(under, " contacts_") {
				return true
			}
		}
	}
	return false
}

// planLine reads a plan's line: EXPLAIN QUERY PLAN's detail column
// (SQLite) or EXPLAIN's one column (Postgres).
func planLine(dialect string) func(r rows) (string, error) {
	return func(r rows) (string, error) {
		var line string
		if dialect == Postgres {
			return line, r.Scan(&line)
		}
		var id, parent, unused int64
		return line, r.Scan(&id, &parent, &unused, &line)
	}
}
