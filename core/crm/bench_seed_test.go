package crm_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
)

// The inbox data set is written in bulk: contacts and the board through the
// store, conversations and messages with COPY (Postgres) or multi-row
// INSERTs (SQLite), holding exactly what InsertMessage + TouchConversation
// per message would have left (latest time and preview, unread count, the
// 24-hour window). Row by row, 1M messages took ~15 minutes on Postgres.
//
// MASTERIA_BENCH_KEEP=1 keeps the seeded database (Postgres schema
// bench_inbox_<n>, SQLite <tmp>/masteria-bench-inbox-<n>.db) and reuses it
// on the next run; pending migrations are applied to it when it opens.

// seedDB is the bench's own connection to the store's database.
type seedDB struct {
	driver string
	raw    *sql.DB
}

// seedInbox opens the store and seeds it, or reuses a kept seed.
func seedInbox(b *testing.B, driver string, messages int) inboxData {
	b.Helper()
	ctx := context.Background()
	st, db := openInboxStore(b, driver, messages)
	d := inboxData{st: st}
	if db.loadSeed(ctx, &d) == nil {
		b.Logf("reusing the kept %s seed of %d messages", driver, messages)
		return d
	}
	p := owner(b, st, "queries")
	d.tenantID = p.TenantID
	nconv := max(messages/10, 1)
	contacts := make([]store.Contact, nconv)
	for i := range contacts {
		contacts[i] = storetest.NewContact(p.TenantID, fmt.Sprint("Pessoa ", i))
		contacts[i].Phone = fmt.Sprintf("+55119%08d", i)
	}
	must(b, st.Tx(ctx, func(q store.Queries) error { return q.InsertContacts(ctx, contacts) }))
	start := time.Now().Add(-time.Duration(messages) * time.Second).Truncate(time.Millisecond)
	convIDs := db.seedConversations(b, p.TenantID, contacts, start, messages)
	db.seedMessages(b, p.TenantID, contacts, convIDs, start, messages)
	d.boardID = seedBoard(b, st, p.TenantID, contacts)
	must(b, db.settle(ctx))
	must(b, db.loadSeed(ctx, &d))
	return d
}

// seedTexts replays the data set's random stream: message i goes to
// conversation conv with text, in order; it arrives i seconds after start.
func seedTexts(messages, nconv int, fn func(i, conv int, text string)) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < messages; i++ {
		conv := r.IntN(nconv)
		var text strings.Builder
		for w := 0; w < 8; w++ {
			text.WriteString(words[r.IntN(len(words))] + " ")
		}
		switch {
		case i%100 == 0:
			text.WriteString("orçamento")
		case i%5 == 0:
			text.WriteString("obrigado")
		}
		switch i % 8 { // chat texts carry emoji: a quarter of these do
		case 1:
			text.WriteString(" 👍🏽")
		case 5:
			text.WriteString(" kkk🤣 ✅")
		}
		fn(i, conv, text.String())
	}
}

// seedConversations writes one conversation per contact in the state its
// messages leave it: every message is inbound and unread.
func (db seedDB) seedConversations(b *testing.B, tenantID string, contacts []store.Contact, start time.Time, messages int) []string {
	type state struct {
		last, unread int64
		preview      string
	}
	states := make([]state, len(contacts))
	seedTexts(messages, len(contacts), func(i, conv int, text string) {
		s := &states[conv]
		s.last, s.preview, s.unread = start.Add(time.Duration(i)*time.Second).UnixMilli(), text, s.unread+1
	})
	now := time.Now().UnixMilli()
	convIDs := make([]string, len(contacts))
	rows := make([][]any, len(contacts))
	for i, s := range states {
		convIDs[i] = ids.New("cnv")
		var inbound any
		if s.unread > 0 {
			inbound = s.last
		}
		rows[i] = []any{convIDs[i], tenantID, contacts[i].ID, "conn_wa", "whatsapp", "open", "", "bot", s.unread, s.preview,
			s.last, inbound, now, now}
	}
	must(b, db.insert(context.Background(), "conversations", []string{"id", "tenant_id", "contact_id", "connection_id",
		"channel", "status", "assignee_id", "handler", "unread", "preview", "last_message_at", "last_inbound_at",
		"created_at", "updated_at"}, rows))
	return convIDs
}

// seedMessages writes the messages in arrival order, 10,000 per batch.
func (db seedDB) seedMessages(b *testing.B, tenantID string, contacts []store.Contact, convIDs []string, start time.Time, messages int) {
	cols := []string{"id", "tenant_id", "conversation_id", "contact_id", "direction", "type", "body", "provider_message_id",
		"reply_to", "status", "status_rank", "error", "author_id", "created_at", "status_at"}
	rank := int64(store.StatusRanks["received"])
	var rows [][]any
	seedTexts(messages, len(convIDs), func(i, conv int, text string) {
		at := start.Add(time.Duration(i) * time.Second).UnixMilli()
		rows = append(rows, []any{ids.New("msg"), tenantID, convIDs[conv], contacts[conv].ID, "in", "text", text,
			fmt.Sprint("wamid.", i), "", "received", rank, "", "", at, at})
		if len(rows) == 10_000 || i == messages-1 {
			must(b, db.insert(context.Background(), "messages", cols, rows))
			rows = rows[:0]
		}
	})
}

// insert writes rows: one COPY on Postgres, 25-row INSERTs in one
// transaction on SQLite (its $n lookup is linear in the parameter count).
func (db seedDB) insert(ctx context.Context, table string, cols []string, rows [][]any) error {
	if db.driver == "postgres" {
		c, err := db.raw.Conn(ctx)
		if err != nil {
			return err
		}
		defer c.Close()
		return c.Raw(func(dc any) error {
			_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		})
	}
	tx, err := db.raw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for lo := 0; lo < len(rows); lo += 25 {
		batch := rows[lo:min(lo+25, len(rows))]
		var args []any
		tuples := make([]string, len(batch))
		for i, row := range batch {
			ph := make([]string, len(row))
			for j := range row {
				args = append(args, row[j])
				ph[j] = fmt.Sprint("$", len(args))
			}
			tuples[i] = "(" + strings.Join(ph, ", ") + ")"
		}
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + strings.Join(tuples, ", ")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// settle brings a freshly loaded Postgres database to the state autovacuum
// keeps a live one in (statistics gathered, visibility map and GIN pending
// list up to date) instead of letting autovacuum race the measured queries.
// SQLite has no such process, so it is measured as the store leaves it,
// once the messages written here are indexed (migration 0009 queues them).
func (db seedDB) settle(ctx context.Context) error {
	if db.driver != "postgres" {
		_, err := db.raw.ExecContext(ctx, "DELETE FROM messages_fts_pending")
		return err
	}
	_, err := db.raw.ExecContext(ctx, "VACUUM (ANALYZE) contacts, conversations, messages, cards")
	return err
}

// loadSeed fills d from a completely seeded database (the board is
// written last); conversations are listed by ID, so fresh and reused seeds
// pick the same ones.
func (db seedDB) loadSeed(ctx context.Context, d *inboxData) error {
	err := db.raw.QueryRowContext(ctx, `SELECT b.tenant_id, b.id FROM boards b JOIN tenants t ON t.id = b.tenant_id
		WHERE t.name = 'queries' AND b.name = 'Vendas'`).Scan(&d.tenantID, &d.boardID)
	if err != nil {
		return err
	}
	r, err := db.raw.QueryContext(ctx, `SELECT id FROM conversations WHERE tenant_id = $1 ORDER BY id`, d.tenantID)
	if err != nil {
		return err
	}
	defer r.Close()
	d.convs = d.convs[:0]
	for r.Next() {
		var id string
		if err := r.Scan(&id); err != nil {
			return err
		}
		d.convs = append(d.convs, id)
	}
	return r.Err()
}

// openInboxStore opens the store on a fresh database, or on the kept one
// (emptied first if its seed is incomplete) with MASTERIA_BENCH_KEEP=1.
func openInboxStore(b *testing.B, driver string, messages int) (store.Store, seedDB) {
	keep := os.Getenv("MASTERIA_BENCH_KEEP") == "1"
	var dsn string
	switch {
	case driver == "sqlite" && keep:
		dsn = filepath.Join(os.TempDir(), fmt.Sprintf("masteria-bench-inbox-%d.db", messages))
	case driver == "sqlite":
		dsn = filepath.Join(b.TempDir(), "bench.db")
	case keep:
		dsn = keptSchema(b, fmt.Sprintf("bench_inbox_%d", messages))
	default:
		dsn = storetest.PostgresURL(b)
	}
	if keep {
		must(b, resetUnlessSeeded(driver, dsn))
	}
	ctx := context.Background()
	var st store.Store
	var err error
	if driver == "sqlite" {
		st, err = sqlstore.OpenSQLite(ctx, dsn)
	} else {
		st, err = sqlstore.OpenPostgres(ctx, dsn)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	// Opened after the store, whose first connection puts SQLite in WAL mode.
	db, err := openSeedDB(driver, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.raw.Close() })
	return st, db
}

func openSeedDB(driver, dsn string) (seedDB, error) {
	if driver == "sqlite" {
		raw, err := sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)")
		return seedDB{driver, raw}, err
	}
	raw, err := sql.Open("pgx", dsn)
	return seedDB{driver, raw}, err
}

// resetUnlessSeeded empties the kept database unless it holds a complete
// seed.
func resetUnlessSeeded(driver, dsn string) error {
	db, err := openSeedDB(driver, dsn)
	if err != nil {
		return err
	}
	var d inboxData
	complete := db.loadSeed(context.Background(), &d) == nil && len(d.convs) > 0
	var schema string
	if driver == "postgres" && !complete {
		err = db.raw.QueryRow(`SELECT current_schema()`).Scan(&schema)
	}
	if err == nil && schema != "" {
		_, err = db.raw.Exec(`DROP SCHEMA ` + schema + ` CASCADE; CREATE SCHEMA ` + schema)
	}
	db.raw.Close()
	if driver == "sqlite" && !complete {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if rmErr := os.Remove(dsn + suffix); rmErr != nil && !os.IsNotExist(rmErr) {
				return rmErr
			}
		}
	}
	return err
}

// keptSchema returns a URL to the named schema on the test Postgres,
// creating it if needed; it is not dropped at the end.
func keptSchema(b *testing.B, schema string) string {
	base := os.Getenv("MASTERIA_TEST_POSTGRES_URL")
	if base == "" {
		base = storetest.DefaultPostgresURL
	}
	raw, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE SCHEMA IF NOT EXISTS ` + schema); err != nil {
		b.Fatalf("postgres at %s: %v", base, err)
	}
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
