package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"

	"github.com/masteria/masteria/core/store"
)

// ftsWindow is how many of the newest seqs before the cursor (all tenants')
// a tenant-wide SQLite search reads and matches in Go before it asks FTS5;
// after ftsProbe of them it gives up early on a page the window will not
// fill at the rate seen so far.
var ftsWindow, ftsProbe int64 = 2_000, 500

// sqliteSearch is a tenant-wide SQLite search in two steps. FTS5 builds the
// whole doclist of a prefix term before it yields a row, even with a rowid
// range (obrigado*, 200,000 matches: ~20 ms; prazo* entrega*: ~70 ms at 1M),
// while a Go match costs ~2 us a message. So the newest messages before the
// cursor are read newest first by seq and matched in Go, with the tokens
// unicode61 would make (crm_search_tokens.go), stopping at the page's end.
// Matches below where that walk stopped come from FTS5, and so does the
// whole page when a text holds a rune the Go side cannot vouch for.
func (q queries) sqliteSearch(ctx context.Context, tenantID string, terms []string, cursor string, n int) ([]store.Message, error) {
	before, err := seqCursor(cursor)
	if err != nil {
		return nil, err
	}
	if before == 0 {
		if err = q.c.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM messages`).Scan(&before); err != nil {
			return nil, err
		}
	}
	hits, floor, decided, err := q.windowMatches(ctx, tenantID, terms, before, n+1)
	if err != nil || len(hits) > n || floor == 0 && decided {
		return hits, err
	}
	if !decided {
		return q.ftsSearch(ctx, tenantID, terms, "", before, n)
	}
	older, err := q.ftsSearch(ctx, tenantID, terms, "", floor, n-len(hits))
	return append(hits, older...), err
}

// windowMatches reads the tenant's messages below seq before, newest first,
// until want of them match, the window ends, or the probe says it will not
// fill; floor is the lowest seq it read every message from (all older are
// left to FTS5). decided is false when a text could not be matched in Go.
func (q queries) windowMatches(ctx context.Context, tenantID string, terms []string, before int64, want int) (hits []store.Message, floor int64, decided bool, err error) {
	m, ok := newPrefixMatcher(terms)
	if !ok {
		return nil, 0, false, nil
	}
	floor = max(before-ftsWindow, 0)
	r, err := q.c.query(ctx, `SELECT seq, body FROM messages WHERE seq < $1 AND seq >= $2 AND +tenant_id = $3 ORDER BY seq DESC`,
		before, floor, tenantID)
	if err != nil {
		return nil, 0, false, err
	}
	defer r.Close()
	var seqs []int64
	for len(seqs) < want && r.Next() {
		var seq int64
		var body sql.RawBytes // valid until Next: matched in place
		if err := r.Scan(&seq, &body); err != nil {
			return nil, 0, false, err
		}
		matched, decided := m.match(body)
		if !decided {
			return nil, 0, false, nil
		}
		if matched {
			seqs = append(seqs, seq)
		}
		if read := before - seq; read >= ftsProbe && int64(len(seqs))*ftsWindow < int64(want)*read {
			floor = seq
			break
		}
	}
	if err := r.Err(); err != nil {
		return nil, 0, false, err
	}
	r.Close()
	hits, err = q.messagesBySeq(ctx, seqs)
	return hits, floor, true, err
}

// messagesBySeq reads the messages with the given seqs, newest first. The
// seqs go in as one JSON array, so one statement serves every page size
// (the prepared-statement cache is bounded).
func (q queries) messagesBySeq(ctx context.Context, seqs []int64) ([]store.Message, error) {
	if len(seqs) == 0 {
		return []store.Message{}, nil
	}
	list, _ := json.Marshal(seqs)
	var s sqlb
	s.add(`SELECT `, msgCols, ` FROM messages WHERE seq IN (SELECT value FROM json_each(`, s.arg(string(list)), `)) ORDER BY seq DESC`)
	return q.messageRows(ctx, &s)
}

// convWalk is how many of a conversation's newest messages before the
// cursor a conversation-scoped SQLite search matches in Go before it asks
// FTS5 for older matches.
var convWalk = 5_000

// sqliteConversationSearch searches one conversation. FTS5 would build the
// tenant-wide doclist of every term before the conversation filter applies
// (obrigado*, in 1 of 5 messages: ~200 ms at 1M), while a conversation
// usually holds a few hundred messages. So its newest convWalk messages
// before the cursor are read newest first through messages_conversation
// (conversation_id, seq) and matched in Go; only matches older than that
// walk, or a text the Go side cannot vouch for, go to FTS5.
func (q queries) sqliteConversationSearch(ctx context.Context, tenantID string, terms []string, conversationID string, before int64, n int) ([]store.Message, error) {
	m, ok := newPrefixMatcher(terms)
	if !ok {
		return q.ftsSearch(ctx, tenantID, terms, conversationID, before, n)
	}
	upper := before
	if upper == 0 {
		upper = math.MaxInt64
	}
	// INDEXED BY: left to itself the planner may walk every message by seq
	// (2.6 s at 1M) hoping to meet the conversation's soon.
	r, err := q.c.query(ctx, `SELECT seq, body FROM messages INDEXED BY messages_conversation
		WHERE conversation_id = $1 AND seq < $2 AND +tenant_id = $3 ORDER BY seq DESC LIMIT $4`,
		conversationID, upper, tenantID, convWalk)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var seqs []int64
	read, floor := 0, int64(0)
	for len(seqs) <= n && r.Next() {
		var seq int64
		var body sql.RawBytes // valid until Next: matched in place
		if err := r.Scan(&seq, &body); err != nil {
			return nil, err
		}
		matched, decided := m.match(body)
		if !decided {
			r.Close()
			return q.ftsSearch(ctx, tenantID, terms, conversationID, before, n)
		}
		if matched {
			seqs = append(seqs, seq)
		}
		read, floor = read+1, seq
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	r.Close()
	hits, err := q.messagesBySeq(ctx, seqs)
	if err != nil || len(hits) > n || read < convWalk {
		return hits, err
	}
	older, err := q.ftsSearch(ctx, tenantID, terms, conversationID, floor, n-len(hits))
	return append(hits, older...), err
}
