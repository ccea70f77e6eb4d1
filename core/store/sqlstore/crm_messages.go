package sqlstore

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/masteria/masteria/core/store"
)

const msgCols = `seq, id, tenant_id, conversation_id, contact_id, direction, type, body, media, extra, provider_message_id,
	reply_to, status, error, author_id, created_at, status_at`

func scanMessage(r row) (store.Message, error) {
	var m store.Message
	var media, extra, pid *string
	var created, statusAt int64
	err := r.Scan(&m.Seq, &m.ID, &m.TenantID, &m.ConversationID, &m.ContactID, &m.Direction, &m.Type, &m.Text, &media, &extra,
		&pid, &m.ReplyTo, &m.Status, &m.Error, &m.AuthorID, &created, &statusAt)
	if err != nil {
		return m, err
	}
	m.ProviderMessageID, m.CreatedAt, m.StatusAt = deref(pid), fromMS(created), fromMS(statusAt)
	if extra != nil {
		m.Extra = json.RawMessage(*extra)
	}
	m.Held = m.HeldNow()
	if media != nil {
		m.Media = &store.MediaLink{}
		err = json.Unmarshal([]byte(*media), m.Media)
	}
	return m, err
}

// InsertMessage adds m unless its provider message ID is already stored.
func (q queries) InsertMessage(ctx context.Context, m store.Message) (bool, error) {
	ok, err := q.InsertMessages(ctx, []store.Message{m})
	return err == nil && ok[0], err
}

// InsertMessages adds up to 16 messages a statement, skipping those whose
// provider message ID is stored (or comes earlier in ms); RETURNING tells
// which went in.
func (q queries) InsertMessages(ctx context.Context, ms []store.Message) ([]bool, error) {
	in := map[string]bool{}
	for start, n := range spans(len(ms), 16) {
		var s sqlb
		s.add(`INSERT INTO messages (id, tenant_id, conversation_id, contact_id, direction, type, body, media,
			extra, provider_message_id, reply_to, status, status_rank, error, author_id, created_at, status_at) VALUES `)
		for i, m := range ms[start : start+n] {
			if i > 0 {
				s.add(", ")
			}
			s.add("(", s.values(messageArgs(m)), ")")
		}
		s.add(` ON CONFLICT (tenant_id, provider_message_id) DO NOTHING RETURNING id`)
		r, err := q.c.query(ctx, s.String(), s.args...)
		got, err := collect(r, err, func(r rows) (id string, err error) { return id, r.Scan(&id) })
		if err != nil {
			return nil, err
		}
		for _, id := range got {
			in[id] = true
		}
	}
	out := make([]bool, len(ms))
	for i, m := range ms {
		out[i] = in[m.ID]
	}
	if len(in) == 0 {
		return out, nil
	}
	if err := q.appendStatuses(ctx, insertedStatuses(ms, out)); err != nil {
		return nil, err
	}
	return out, q.indexLater(ctx)
}

// messageArgs are m's values in InsertMessages' column order.
func messageArgs(m store.Message) []any {
	var media, extra any
	if m.Media != nil {
		raw, _ := json.Marshal(m.Media)
		media = string(raw)
	}
	if len(m.Extra) > 0 {
		extra = string(m.Extra)
	}
	return []any{m.ID, m.TenantID, m.ConversationID, m.ContactID, m.Direction, m.Type, m.Text, media, extra,
		nullable(m.ProviderMessageID), m.ReplyTo, m.Status, store.StatusRanks[m.Status], m.Error, m.AuthorID,
		ms(m.CreatedAt), ms(m.StatusAt)}
}

// indexQueued indexes the messages waiting in messages_fts_pending (see
// migration 0009): deleting each queued seq indexes its message.
const indexQueued = `DELETE FROM messages_fts_pending`

// indexLater has SQLite index a new message (queued by trigger) before the
// transaction commits, together with the others it stores, or at once
// outside a transaction. Postgres indexes as it writes.
func (q queries) indexLater(ctx context.Context) error {
	if q.dialect != SQLite {
		return nil
	}
	if c, ok := q.c.(sqlConn); ok && c.queued != nil {
		*c.queued = true
		return nil
	}
	_, err := q.c.exec(ctx, indexQueued)
	return err
}

func (q queries) GetMessage(ctx context.Context, tenantID, id string) (store.Message, error) {
	return scanMessage(q.c.queryRow(ctx, `SELECT `+msgCols+` FROM messages WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) MessageByProviderID(ctx context.Context, tenantID, providerID string) (store.Message, error) {
	return scanMessage(q.c.queryRow(ctx, `SELECT `+msgCols+` FROM messages WHERE tenant_id = $1 AND provider_message_id = $2`,
		tenantID, providerID))
}

var newestFirst = keyset{keys: []sortKey{{"created_at", true}, {"id", false}}, desc: true}

func messageCursor(m store.Message) []any { return []any{ms(m.CreatedAt), m.ID} }

// ListMessages pages a conversation newest first.
func (q queries) ListMessages(ctx context.Context, tenantID, conversationID string, p store.Page) ([]store.Message, string, error) {
	var s sqlb
	s.add(`SELECT `, msgCols, ` FROM messages WHERE conversation_id = `, s.arg(conversationID), ` AND tenant_id = `, s.arg(tenantID))
	return q.messagePage(ctx, &s, p)
}

func (q queries) messagePage(ctx context.Context, s *sqlb, p store.Page) ([]store.Message, string, error) {
	if err := newestFirst.where(s, p.Cursor); err != nil {
		return nil, "", err
	}
	n := limit(p.Limit, 50, 200)
	newestFirst.orderBy(s, n)
	r, err := q.c.query(ctx, s.String(), s.args...)
	items, err := collect(r, err, func(r rows) (store.Message, error) { return scanMessage(r) })
	if err != nil {
		return nil, "", err
	}
	items, next := page(items, n, messageCursor)
	return items, next, nil
}

// SearchMessages matches every word as a prefix: FTS5 on SQLite, a
// tsvector with a GIN index on Postgres. Results come newest first by
// arrival (seq), so a tenant-wide search reads the newest messages first
// and stops at the page's end (sqliteSearch, searchRecent) before it asks
// the index for older matches.
func (q queries) SearchMessages(ctx context.Context, tenantID, query, conversationID string, p store.Page) ([]store.Message, string, error) {
	terms := ftsTerms(query)
	if len(terms) == 0 {
		return []store.Message{}, "", nil
	}
	n := limit(p.Limit, 50, 200)
	var items []store.Message
	var err error
	switch {
	case conversationID == "" && q.dialect == SQLite:
		items, err = q.sqliteSearch(ctx, tenantID, terms, p.Cursor, n)
	case conversationID == "":
		items, err = q.searchRecent(ctx, tenantID, terms, p.Cursor, n)
	default:
		var before int64
		if before, err = seqCursor(p.Cursor); err == nil && q.dialect == SQLite {
			items, err = q.sqliteConversationSearch(ctx, tenantID, terms, conversationID, before, n)
		} else if err == nil {
			items, err = q.pgSearchMatches(ctx, tenantID, terms, conversationID, n, before)
		}
	}
	if err != nil {
		return nil, "", err
	}
	items, next := page(items, n, func(m store.Message) []any { return []any{m.Seq} })
	return items, next, nil
}

// ftsSearch reads SQLite's newest n+1 matches below seq before (0: no
// bound) from FTS5, which walks its index backwards by rowid (seq).
func (q queries) ftsSearch(ctx context.Context, tenantID string, terms []string, conversationID string, before int64, n int) ([]store.Message, error) {
	var s sqlb
	s.add(`SELECT `, prefixed(msgCols, "m."), ` FROM messages_fts f JOIN messages m ON m.seq = f.rowid
		WHERE f.messages_fts MATCH `, s.arg(`"`+strings.Join(terms, `"* "`)+`"*`), ` AND m.tenant_id = `, s.arg(tenantID))
	if conversationID != "" {
		s.add(` AND m.conversation_id = `, s.arg(conversationID))
	}
	if before > 0 {
		s.add(` AND f.rowid < `, s.arg(before))
	}
	ftsOrder.orderBy(&s, n)
	return q.messageRows(ctx, &s)
}

// seqCursor is the seq a search cursor stops before, or 0 for none.
func seqCursor(cursor string) (int64, error) {
	if cursor == "" {
		return 0, nil
	}
	vals, err := decodeCursor(cursor, arrivalOrder.keys)
	if err != nil {
		return 0, err
	}
	return vals[0].(int64), nil
}

// pgSearchMatches takes every match from the GIN index (in a materialized
// CTE) before it picks the newest n+1 below seq before. Left to itself the
// planner may walk seq backwards hoping to meet matches soon, which reads
// the whole table for a word that is rare or absent (2.5 s at 1M).
func (q queries) pgSearchMatches(ctx context.Context, tenantID string, terms []string, conversationID string, n int, before int64) ([]store.Message, error) {
	var s sqlb
	s.add(`WITH matches AS MATERIALIZED (SELECT m.seq FROM messages m WHERE m.tenant_id = `, s.arg(tenantID))
	pgMatch(&s, terms)
	if conversationID != "" {
		s.add(` AND m.conversation_id = `, s.arg(conversationID))
	}
	if before > 0 {
		s.add(` AND m.seq < `, s.arg(before))
	}
	s.add(`) SELECT `, prefixed(msgCols, "m."), ` FROM messages m WHERE m.seq IN (SELECT seq FROM matches ORDER BY seq DESC LIMIT `,
		s.arg(n+1), `) ORDER BY m.seq DESC`)
	return q.messageRows(ctx, &s)
}

// searchWalk is how many of a tenant's newest messages a Postgres search
// reads in arrival order before it asks the GIN index for older matches.
var searchWalk = 10_000

// searchRecent is a tenant-wide Postgres search in two steps. The GIN index
// finds every match, and every match is a heap read before the newest can
// be picked: a word in 20% of 1M messages took ~280 ms. So the tenant's
// newest searchWalk messages before the cursor are read first, newest
// first through the (tenant_id, seq) index, stopping at the page's end: a
// common word fills its page within a few hundred rows. Only a page left
// short asks the GIN index, for the matches older than that window. Both
// steps are bounded by the same newest seq, read first, so messages
// arriving meanwhile cannot shift the window and repeat a match.
func (q queries) searchRecent(ctx context.Context, tenantID string, terms []string, cursor string, n int) ([]store.Message, error) {
	top, err := q.searchBound(ctx, tenantID, cursor, 0)
	if err != nil || top == 0 {
		return []store.Message{}, err
	}
	var s sqlb
	// The inner LIMIT keeps the match out of the walk, so the planner
	// cannot trade the walk for a GIN scan of every match.
	s.add(`SELECT `, msgCols, ` FROM (SELECT `, msgCols, `, search FROM messages m WHERE m.tenant_id = `, s.arg(tenantID),
		` AND m.seq <= `, s.arg(top), ` ORDER BY m.seq DESC LIMIT `, s.arg(searchWalk), `) m WHERE TRUE`)
	pgMatch(&s, terms)
	arrivalOrder.orderBy(&s, n)
	hits, err := q.messageRows(ctx, &s)
	if err != nil || len(hits) > n {
		return hits, err
	}
	floor, err := q.searchBound(ctx, tenantID, cursor, top)
	if err != nil || floor == 0 {
		return hits, err
	}
	older, err := q.pgSearchMatches(ctx, tenantID, terms, "", n-len(hits), floor)
	return append(hits, older...), err
}

// searchBound is the tenant's newest seq before the cursor (top 0), or the
// lowest seq of the searchWalk messages up to top; 0 when there is none.
func (q queries) searchBound(ctx context.Context, tenantID, cursor string, top int64) (int64, error) {
	var s sqlb
	s.add(`SELECT m.seq FROM messages m WHERE m.tenant_id = `, s.arg(tenantID))
	if top == 0 {
		if err := arrivalOrder.where(&s, cursor); err != nil {
			return 0, err
		}
		s.add(` ORDER BY m.seq DESC LIMIT 1`)
	} else {
		s.add(` AND m.seq <= `, s.arg(top), ` ORDER BY m.seq DESC OFFSET `, s.arg(searchWalk-1), ` LIMIT 1`)
	}
	var seq int64
	err := q.c.queryRow(ctx, s.String(), s.args...).Scan(&seq)
	if err == store.ErrNotFound {
		return 0, nil
	}
	return seq, err
}

// pgMatch adds the match of every term as a prefix on the stored tsvector.
func pgMatch(s *sqlb, terms []string) {
	s.add(` AND m.search @@ to_tsquery('simple', `, s.arg(strings.Join(terms, ":* & ")+":*"), `)`)
}

func (q queries) messageRows(ctx context.Context, s *sqlb) ([]store.Message, error) {
	r, err := q.c.query(ctx, s.String(), s.args...)
	return collect(r, err, func(r rows) (store.Message, error) { return scanMessage(r) })
}

var (
	arrivalOrder = keyset{keys: []sortKey{{"m.seq", true}}, desc: true}
	ftsOrder     = keyset{keys: []sortKey{{"f.rowid", true}}, desc: true} // the same order, as FTS5 walks it
)
