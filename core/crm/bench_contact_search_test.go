package crm_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
)

var (
	firstNames = []string{"Maria", "José", "Ana", "João", "Francisca", "Antônio", "Adriana", "Carlos", "Juliana", "Paulo",
		"Márcia", "Lucas", "Fernanda", "Luiz", "Patrícia", "Marcos", "Aline", "Rafael", "Sandra", "Gabriel"}
	lastNames = []string{"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
		"Costa", "Ribeiro", "Martins", "Carvalho", "Araújo", "Melo", "Barbosa", "Cardoso", "Conceição", "Nascimento"}
)

// BenchmarkContactSearch measures the inbox's search by contact
// (GET /conversations?q=) over MASTERIA_BENCH_CONTACTS contacts (default
// 100,000) with Brazilian names and a conversation each: a common first
// name, a full name, a name nobody has (every contact read) and phone
// digits. p50/p99 per query; b.N is the number of queries.
func BenchmarkContactSearch(b *testing.B) {
	n := envInt("MASTERIA_BENCH_CONTACTS", 100_000)
	for _, driver := range drivers {
		b.Run(fmt.Sprintf("%s/contacts=%d", driver, n), func(b *testing.B) {
			st, analyze := openSearchStore(b, driver)
			tenantID := seedContactConversations(b, st, n)
			analyze()
			ctx := context.Background()
			for _, q := range []string{"maria", "joão conceição", "zuleica", "98765"} {
				b.Run(q, func(b *testing.B) {
					latencies(b, func(int) error {
						_, _, err := st.ListConversations(ctx, tenantID, store.ConversationFilter{Query: q, Page: store.Page{Limit: 10}})
						return err
					})
				})
			}
		})
	}
}

// seedContactConversations makes n contacts (first and last names drawn
// from the lists, a phone each) with one conversation each, in a tenant of
// their own.
func seedContactConversations(b *testing.B, st store.Store, n int) string {
	b.Helper()
	ctx := context.Background()
	p := owner(b, st, "search")
	r := rand.New(rand.NewPCG(5, 6))
	now := time.Now()
	for start := 0; start < n; start += 1000 {
		cs := make([]store.Contact, 0, 1000)
		convs := make([]store.Conversation, 0, 1000)
		for i := start; i < min(start+1000, n); i++ {
			c := storetest.NewContact(p.TenantID, firstNames[r.IntN(len(firstNames))]+" "+lastNames[r.IntN(len(lastNames))])
			c.Phone = fmt.Sprintf("+55119%08d", i)
			cs = append(cs, c)
			convs = append(convs, store.Conversation{ID: ids.New("cnv"), TenantID: p.TenantID, ContactID: c.ID, ConnectionID: "conn_1",
				Channel: "whatsapp", Status: "open", Handler: "bot", CreatedAt: now, UpdatedAt: now, LastMessageAt: now.Add(time.Duration(i) * time.Millisecond)})
		}
		must(b, st.Tx(ctx, func(q store.Queries) error {
			if err := q.InsertContacts(ctx, cs); err != nil {
				return err
			}
			_, err := q.CreateConversations(ctx, convs)
			return err
		}))
	}
	return p.TenantID
}

// openSearchStore opens a store and a way to have Postgres gather the
// statistics autovacuum keeps in a live database (the test server runs
// without autovacuum).
func openSearchStore(b *testing.B, driver string) (store.Store, func()) {
	b.Helper()
	ctx := context.Background()
	if driver == "sqlite" {
		st, err := sqlstore.OpenSQLite(ctx, filepath.Join(b.TempDir(), "bench.db"))
		must(b, err)
		b.Cleanup(func() { st.Close() })
		return st, func() {}
	}
	dsn := storetest.PostgresURL(b)
	st, err := sqlstore.OpenPostgres(ctx, dsn)
	must(b, err)
	b.Cleanup(func() { st.Close() })
	return st, func() {
		conn, err := pgx.Connect(ctx, dsn)
		must(b, err)
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, "VACUUM (ANALYZE) contacts, conversations")
		must(b, err)
	}
}
