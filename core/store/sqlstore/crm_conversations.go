package sqlstore

import (
	"context"
	"errors"

	"github.com/masteria/masteria/core/store"
)

const convCols = `id, tenant_id, contact_id, connection_id, channel, status, assignee_id, handler, unread, preview,
	last_message_at, last_inbound_at, created_at, updated_at`

func scanConversation(r row) (store.Conversation, error) {
	var c store.Conversation
	var last, created, updated int64
	var inbound *int64
	err := r.Scan(&c.ID, &c.TenantID, &c.ContactID, &c.ConnectionID, &c.Channel, &c.Status, &c.AssigneeID, &c.Handler,
		&c.Unread, &c.Preview, &last, &inbound, &created, &updated)
	c.LastMessageAt, c.LastInboundAt = fromMS(last), fromNullMS(inbound)
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	c.Labels = []string{}
	return c, err
}

// ConversationFor inserts c unless its contact already has one on the
// connection, then reads whichever exists.
func (q queries) ConversationFor(ctx context.Context, c store.Conversation) (store.Conversation, bool, error) {
	// Most messages come on an existing conversation: read it first, and
	// try the insert only when there is none.
	got, err := q.conversationOf(ctx, c)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return got, false, err
	}
	n, err := q.c.exec(ctx, `INSERT INTO conversations (id, tenant_id, contact_id, connection_id, channel, status, assignee_id,
			handler, last_message_at, created_at, updated_at)
		SELECT $1, tenant_id, id, $4, $5, $6, $7, $8, 0, CAST($9 AS BIGINT), CAST($9 AS BIGINT)
		FROM contacts WHERE tenant_id = $2 AND id = $3
		ON CONFLICT (tenant_id, contact_id, connection_id) DO NOTHING`,
		c.ID, c.TenantID, c.ContactID, c.ConnectionID, c.Channel, c.Status, c.AssigneeID, c.Handler, ms(c.CreatedAt))
	if err != nil {
		return c, false, err
	}
	got, err = q.conversationOf(ctx, c)
	return got, n > 0, err
}

// conversationOf reads the conversation of c's contact on c's connection.
func (q queries) conversationOf(ctx context.Context, c store.Conversation) (store.Conversation, error) {
	got, err := scanConversation(q.c.queryRow(ctx, `SELECT `+convCols+` FROM conversations
		WHERE tenant_id = $1 AND contact_id = $2 AND connection_id = $3`, c.TenantID, c.ContactID, c.ConnectionID))
	if err != nil {
		return got, err
	}
	return got, q.loadLabels(ctx, c.TenantID, []*store.Conversation{&got})
}

func (q queries) GetConversation(ctx context.Context, tenantID, id string) (store.Conversation, error) {
	c, err := scanConversation(q.c.queryRow(ctx, `SELECT `+convCols+` FROM conversations WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	if err != nil {
		return c, err
	}
	return c, q.loadLabels(ctx, tenantID, []*store.Conversation{&c})
}

func (q queries) UpdateConversation(ctx context.Context, c store.Conversation) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE conversations SET status = $3, assignee_id = $4, handler = $5, unread = $6,
		updated_at = $7 WHERE tenant_id = $1 AND id = $2`,
		c.TenantID, c.ID, c.Status, c.AssigneeID, c.Handler, c.Unread, ms(c.UpdatedAt)))
}

// TouchConversation keeps the latest message's time and preview (out of
// order arrivals do not move it back); inbound messages count as unread,
// open the 24-hour window and reopen a resolved conversation.
func (q queries) TouchConversation(ctx context.Context, m store.Message) (store.Conversation, error) {
	inbound := int64(0)
	if m.Direction == "in" {
		inbound = 1
	}
	preview := m.Text
	if len(preview) > 200 {
		preview = preview[:200]
	}
	return scanConversation(q.c.queryRow(ctx, `UPDATE conversations SET
		last_message_at = CASE WHEN $3 > last_message_at THEN $3 ELSE last_message_at END,
		preview = CASE WHEN $3 >= last_message_at THEN $4 ELSE preview END,
		last_inbound_at = CASE WHEN $5 = 1 AND (last_inbound_at IS NULL OR $3 > last_inbound_at) THEN $3 ELSE last_inbound_at END,
		unread = unread + $5,
		status = CASE WHEN $5 = 1 AND status = 'resolved' THEN 'open' ELSE status END,
		updated_at = $6
		WHERE tenant_id = $1 AND id = $2 RETURNING `+convCols,
		m.TenantID, m.ConversationID, ms(m.CreatedAt), preview, inbound, ms(now())))
}

func (q queries) AddLabel(ctx context.Context, tenantID, conversationID, label string) (bool, error) {
	n, err := q.c.exec(ctx, `INSERT INTO conversation_labels (tenant_id, conversation_id, label)
		SELECT tenant_id, id, $3 FROM conversations WHERE tenant_id = $1 AND id = $2
		ON CONFLICT DO NOTHING`, tenantID, conversationID, label)
	if err != nil || n > 0 {
		return n > 0, err
	}
	_, err = q.GetConversation(ctx, tenantID, conversationID)
	return false, err
}

func (q queries) RemoveLabel(ctx context.Context, tenantID, conversationID, label string) (bool, error) {
	n, err := q.c.exec(ctx, `DELETE FROM conversation_labels WHERE tenant_id = $1 AND conversation_id = $2 AND label = $3`,
		tenantID, conversationID, label)
	return n > 0, err
}

func (q queries) loadLabels(ctx context.Context, _ string, cs []*store.Conversation) error {
	if len(cs) == 0 {
		return nil
	}
	byID := make(map[string]*store.Conversation, len(cs))
	ids := make([]string, len(cs))
	for i, c := range cs {
		byID[c.ID], ids[i] = c, c.ID
	}
	var s sqlb
	// The conversations were read under the tenant; their IDs pick the rows.
	s.add(`SELECT conversation_id, label FROM conversation_labels WHERE conversation_id IN (`, s.placeholders(ids), `) ORDER BY label`)
	r, err := q.c.query(ctx, s.String(), s.args...)
	pairs, err := collect(r, err, func(r rows) ([2]string, error) {
		var p [2]string
		return p, r.Scan(&p[0], &p[1])
	})
	for _, p := range pairs {
		byID[p[0]].Labels = append(byID[p[0]].Labels, p[1])
	}
	return err
}
