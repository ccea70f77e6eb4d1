package sqlstore

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
)

// TestSearchIndexQueue: on SQLite new messages wait in messages_fts_pending
// until their transaction commits (or at once outside one); whatever the
// path — a batch in one transaction, a rolled-back one, a message written
// outside a transaction, deletes of indexed and of still-queued messages,
// a row another writer left queued — the FTS5 index matches the table
// (FTS5's own integrity-check) and searches find exactly what is stored.
func TestSearchIndexQueue(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	db, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	ten, _ := storetest.Seed(t, db, "fts")
	newConv := func(name string) store.Conversation {
		c := storetest.NewContact(ten.ID, name)
		if err := db.CreateContact(ctx, c); err != nil {
			t.Fatal(err)
		}
		cv, _, err := db.ConversationFor(ctx, storetest.NewConversation(ten.ID, c.ID, "conn"))
		if err != nil {
			t.Fatal(err)
		}
		return cv
	}
	keep, gone := newConv("Ana"), newConv("Bia")
	at := time.Now()
	check := func(step string, want int) {
		t.Helper()
		if _, err := db.sqldb.ExecContext(ctx, `INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
			t.Fatalf("%s: the index does not match the messages: %v", step, err)
		}
		var queued int
		_ = db.sqldb.QueryRowContext(ctx, `SELECT count(*) FROM messages_fts_pending`).Scan(&queued)
		found, _, err := db.SearchMessages(ctx, ten.ID, "abacaxi", "", store.Page{Limit: 200})
		if err != nil || len(found) != want || queued != 0 {
			t.Fatalf("%s: search found %d (want %d), %d still queued, %v", step, len(found), want, queued, err)
		}
	}

	err = db.Tx(ctx, func(q store.Queries) error {
		for i := range 5 {
			c := keep
			if i%2 == 1 {
				c = gone
			}
			if _, err := q.InsertMessage(ctx, storetest.NewMessage(c, "abacaxi maduro", at)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	check("a batch in one transaction", 5)

	rollback := errors.New("rolled back")
	err = db.Tx(ctx, func(q store.Queries) error {
		if _, err := q.InsertMessage(ctx, storetest.NewMessage(keep, "abacaxi verde", at)); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
	check("a rolled-back transaction", 5)

	if _, err := db.InsertMessage(ctx, storetest.NewMessage(keep, "abacaxi sem transação", at)); err != nil {
		t.Fatal(err)
	}
	check("outside a transaction", 6)

	err = db.Tx(ctx, func(q store.Queries) error {
		if _, err := q.InsertMessage(ctx, storetest.NewMessage(gone, "abacaxi na fila", at)); err != nil {
			return err
		}
		return q.DeleteContact(ctx, ten.ID, gone.ContactID) // two indexed messages and one still queued
	})
	if err != nil {
		t.Fatal(err)
	}
	check("deleting indexed and queued messages", 4)

	// Another writer's message left queued (a process that stopped before
	// indexing): the store indexes it when it opens.
	if _, err := db.sqldb.ExecContext(ctx, `INSERT INTO messages (id, tenant_id, conversation_id, contact_id, direction, type, body, created_at, status_at)
		VALUES ('msg_raw', $1, $2, $3, 'in', 'text', 'abacaxi cru', 0, 0)`, ten.ID, keep.ID, keep.ContactID); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = OpenSQLite(ctx, path); err != nil {
		t.Fatal(err)
	}
	check("queued by another writer, after reopening", 5)
}
