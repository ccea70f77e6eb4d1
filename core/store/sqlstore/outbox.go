package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/masteria/masteria/core/store"
)

// Emit appends e to the outbox; inside Tx it is published after commit.
func (q queries) Emit(ctx context.Context, e store.Event) error {
	return q.EmitAll(ctx, []store.Event{e})
}

// EmitAll appends events to the outbox, up to 32 a statement.
func (q queries) EmitAll(ctx context.Context, events []store.Event) error {
	for _, e := range events {
		if e.Type == "" || e.MsgID == "" {
			return fmt.Errorf("outbox: event needs a type and a message ID")
		}
	}
	at := ms(now())
	for start, n := range spans(len(events), 32) {
		var s sqlb
		s.add(`INSERT INTO outbox (tenant_id, event_type, msg_id, payload, created_at) VALUES `)
		for i, e := range events[start : start+n] {
			if i > 0 {
				s.add(", ")
			}
			created, payload := at, e.Payload
			if !e.CreatedAt.IsZero() {
				created = ms(e.CreatedAt)
			}
			if payload == nil {
				payload = []byte("{}")
			}
			s.add("(", s.values([]any{e.TenantID, e.Type, e.MsgID, payload, created}), ")")
		}
		if _, err := q.c.exec(ctx, s.String(), s.args...); err != nil {
			return err
		}
	}
	if len(events) > 0 {
		q.notify()
	}
	return nil
}

// ClaimEvents hands the oldest events to publish and deletes them once it
// succeeds. On Postgres the rows stay locked (FOR UPDATE SKIP LOCKED) for
// the duration, so relays on several instances share the work without
// overlap. SQLite has one writer process, so its relay reads, publishes and
// deletes under a process-local lock instead of holding the write lock
// while it waits on the bus.
func (db *DB) ClaimEvents(ctx context.Context, limit int, publish func([]store.Event) error) (int, error) {
	const sel = `SELECT seq, tenant_id, event_type, msg_id, payload, created_at FROM outbox ORDER BY seq LIMIT $1`
	if db.dialect == SQLite {
		db.claimMu.Lock()
		defer db.claimMu.Unlock()
		return claim(ctx, db.c, sel, limit, publish)
	}
	var n int
	err := db.rawTx(ctx, func(c conn) error {
		var err error
		n, err = claim(ctx, c, sel+` FOR UPDATE SKIP LOCKED`, limit, publish)
		return err
	})
	return n, err
}

func claim(ctx context.Context, c conn, sel string, limit int, publish func([]store.Event) error) (int, error) {
	r, err := c.query(ctx, sel, limit)
	events, err := collect(r, err, scanEvent)
	if err != nil || len(events) == 0 {
		return 0, err
	}
	if err := publish(events); err != nil {
		return 0, err
	}
	return len(events), deleteEvents(ctx, c, events)
}

func scanEvent(r rows) (store.Event, error) {
	var e store.Event
	var created int64
	err := r.Scan(&e.Seq, &e.TenantID, &e.Type, &e.MsgID, &e.Payload, &created)
	e.CreatedAt = fromMS(created)
	return e, err
}

// deleteEvents removes the published events by sequence number.
func deleteEvents(ctx context.Context, c conn, events []store.Event) error {
	seqs := make([]any, len(events))
	for i, e := range events {
		seqs[i] = e.Seq
	}
	var s sqlb
	s.add(`DELETE FROM outbox WHERE seq IN (`, s.values(padded(seqs)), `)`)
	_, err := c.exec(ctx, s.String(), s.args...)
	return err
}

// OutboxBacklog counts waiting events and the oldest one's time.
func (db *DB) OutboxBacklog(ctx context.Context) (int64, time.Time, error) {
	var n int64
	var oldest *int64
	err := db.c.queryRow(ctx, `SELECT COUNT(*), MIN(created_at) FROM outbox`).Scan(&n, &oldest)
	if err != nil || oldest == nil {
		return n, time.Time{}, err
	}
	return n, fromMS(*oldest), nil
}
