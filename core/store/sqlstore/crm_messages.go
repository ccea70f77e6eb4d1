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
	if media != nil {
		m.Media = &store.MediaLink{}
		err = json.Unmarshal([]byte(*media), m.Media)
	}
	return m, err
}

// InsertMessage adds m unless its provider message ID is already stored.
func (q queries) InsertMessage(ctx context.Context, m store.Message) (bool, error) {
	var media, extra any
	if m.Media != nil {
		raw, _ := json.Marshal(m.Media)
		media = string(raw)
	}
	if len(m.Extra) > 0 {
		extra = string(m.Extra)
	}
	n, err := q.c.exec(ctx, `INSERT INTO messages (id, tenant_id, conversation_id, contact_id, direction, type, body, media,
			extra, provider_message_id, reply_to, status, status_rank, error, author_id, created_at, status_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
		ON CONFLICT (tenant_id, provider_message_id) DO NOTHING`,
		m.ID, m.TenantID, m.ConversationID, m.ContactID, m.Direction, m.Type, m.Text, media, extra,
		nullable(m.ProviderMessageID), m.ReplyTo, m.Status, store.StatusRanks[m.Status], m.Error, m.AuthorID,
		ms(m.CreatedAt), ms(m.StatusAt))
	return n > 0, err
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
// arrival (seq), which lets FTS5 walk its index backwards and stop at the
// page's end instead of sorting every match.
func (q queries) SearchMessages(ctx context.Context, tenantID, query, conversationID string, p store.Page) ([]store.Message, string, error) {
	terms := ftsTerms(query)
	if len(terms) == 0 {
		return []store.Message{}, "", nil
	}
	var s sqlb
	if q.dialect == Postgres {
		s.add(`SELECT `, prefixed(msgCols, "m."), ` FROM messages m WHERE m.tenant_id = `, s.arg(tenantID),
			` AND m.search @@ to_tsquery('simple', `, s.arg(strings.Join(terms, ":* & ")+":*"), `)`)
	} else {
		s.add(`SELECT `, prefixed(msgCols, "m."), ` FROM messages_fts f JOIN messages m ON m.seq = f.rowid
			WHERE f.messages_fts MATCH `, s.arg(`"`+strings.Join(terms, `"* "`)+`"*`), ` AND m.tenant_id = `, s.arg(tenantID))
	}
	if conversationID != "" {
		s.add(` AND m.conversation_id = `, s.arg(conversationID))
	}
	order := arrivalOrder
	if q.dialect == SQLite {
		order = ftsOrder
	}
	if err := order.where(&s, p.Cursor); err != nil {
		return nil, "", err
	}
	n := limit(p.Limit, 50, 200)
	order.orderBy(&s, n)
	r, err := q.c.query(ctx, s.String(), s.args...)
	items, err := collect(r, err, func(r rows) (store.Message, error) { return scanMessage(r) })
	if err != nil {
		return nil, "", err
	}
	items, next := page(items, n, func(m store.Message) []any { return []any{m.Seq} })
	return items, next, nil
}

var (
	arrivalOrder = keyset{keys: []sortKey{{"m.seq", true}}, desc: true}
	ftsOrder     = keyset{keys: []sortKey{{"f.rowid", true}}, desc: true} // the same order, as FTS5 walks it
)

// ApplyMessageStatus moves an outbound message's status forward only.
func (q queries) ApplyMessageStatus(ctx context.Context, tenantID, providerID string, c store.StatusChange) (store.Message, bool, error) {
	m, err := scanMessage(q.c.queryRow(ctx, `UPDATE messages SET status = $3, status_rank = $4, status_at = $5,
			error = CASE WHEN $6 = '' THEN error ELSE $6 END
		WHERE tenant_id = $1 AND provider_message_id = $2 AND direction = 'out' AND status_rank < $4 AND status_rank <= $7
		RETURNING `+msgCols, tenantID, providerID, c.Status, c.Rank, ms(c.At), c.Error, c.MaxFrom))
	if err == nil {
		return m, true, nil
	}
	if err != store.ErrNotFound {
		return m, false, err
	}
	m, err = q.MessageByProviderID(ctx, tenantID, providerID)
	return m, false, err
}

// SetMessageSent attaches the provider's ID and moves the status forward.
func (q queries) SetMessageSent(ctx context.Context, tenantID, id, providerID string, c store.StatusChange) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE messages SET provider_message_id = $3,
		status = CASE WHEN status_rank < $5 THEN $4 ELSE status END,
		status_at = CASE WHEN status_rank < $5 THEN $6 ELSE status_at END,
		status_rank = CASE WHEN status_rank < $5 THEN $5 ELSE status_rank END
		WHERE tenant_id = $1 AND id = $2`, tenantID, id, nullable(providerID), c.Status, c.Rank, ms(c.At)))
}
