package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/masteria/masteria/core/store"
)

// ftsWindow is how many of the newest seqs before the cursor (all tenants')
// a tenant-wide SQLite search reads and matches in Go before it asks FTS5.
var ftsWindow int64 = 2_000

// sqliteSearch is a tenant-wide SQLite search in two steps. FTS5 builds the
// whole doclist of a prefix term before it yields a row, even with a rowid
// range (obrigado*, 200,000 matches: ~20 ms; prazo* entrega*: ~75 ms at 1M),
// while exact terms would stream. So the ftsWindow newest messages before
// the cursor are read newest first by seq and matched in Go, with the
// tokens unicode61 would make (crm_search_tokens.go), stopping at the
// page's end. A page left short asks FTS5 for the matches below the window,
// and so does any window holding a rune the Go side cannot vouch for.
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
	floor := max(before-ftsWindow, 0)
	hits, decided, err := q.windowMatches(ctx, tenantID, terms, floor, before, n+1)
	if err != nil || len(hits) > n || floor == 0 && decided {
		return hits, err
	}
	if !decided {
		return q.ftsSearch(ctx, tenantID, terms, "", before, n)
	}
	older, err := q.ftsSearch(ctx, tenantID, terms, "", floor, n-len(hits))
	return append(hits, older...), err
}

// windowMatches reads the tenant's messages with floor <= seq < before,
// newest first, until want of them match; decided is false when one of
// them could not be matched in Go.
func (q queries) windowMatches(ctx context.Context, tenantID string, terms []string, floor, before int64, want int) ([]store.Message, bool, error) {
	m, ok := newPrefixMatcher(terms)
	if !ok {
		return nil, false, nil
	}
	r, err := q.c.query(ctx, `SELECT seq, body FROM messages WHERE seq < $1 AND seq >= $2 AND +tenant_id = $3 ORDER BY seq DESC`,
		before, floor, tenantID)
	if err != nil {
		return nil, false, err
	}
	defer r.Close()
	var seqs []any
	for len(seqs) < want && r.Next() {
		var seq int64
		var body sql.RawBytes // valid until Next: matched in place
		if err := r.Scan(&seq, &body); err != nil {
			return nil, false, err
		}
		matched, decided := m.match(body)
		if !decided {
			return nil, false, nil
		}
		if matched {
			seqs = append(seqs, seq)
		}
	}
	if err := r.Err(); err != nil {
		return nil, false, err
	}
	r.Close()
	hits, err := q.messagesBySeq(ctx, seqs)
	return hits, true, err
}

// messagesBySeq reads the messages with the given seqs, newest first.
func (q queries) messagesBySeq(ctx context.Context, seqs []any) ([]store.Message, error) {
	if len(seqs) == 0 {
		return []store.Message{}, nil
	}
	var s sqlb
	ph := make([]string, len(seqs))
	for i, seq := range seqs {
		ph[i] = s.arg(seq)
	}
	s.add(`SELECT `, msgCols, ` FROM messages WHERE seq IN (`, strings.Join(ph, ", "), `) ORDER BY seq DESC`)
	return q.messageRows(ctx, &s)
}
