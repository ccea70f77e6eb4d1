package sqlstore

import (
	"cmp"
	"context"
	"errors"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/masteria/masteria/core/store"
)

const convCols = `id, tenant_id, contact_id, connection_id, channel, status, assignee_id, handler, unread, preview,
	last_message_at, last_inbound_at, created_at, updated_at, window_closed_at, waiting_since`

// lastStatusCol is the delivery status and ID ("sent msg_…") of a
// conversation's latest message (the one its preview shows: notes and
// activity lines are not previewed) when we sent it, ” when the customer
// did. Computed where people read conversations (the list, one
// conversation), one step back on messages_page each, so nothing writes
// it: the inbound path and status reports pay nothing.
const lastStatusCol = `COALESCE((SELECT CASE WHEN m.direction = 'out' THEN m.status || ' ' || m.id ELSE '' END FROM messages m
		WHERE m.conversation_id = conversations.id AND m.tenant_id = conversations.tenant_id AND m.direction NOT IN ('note', 'system')
		ORDER BY m.created_at DESC, m.id DESC LIMIT 1), '')`

// readCols are convCols with the latest message's status.
const readCols = convCols + `, ` + lastStatusCol

func scanRead(r row) (store.Conversation, error) {
	var last string
	c, err := scanConversation(r, &last)
	c.LastMessageStatus, c.LastMessageID, _ = strings.Cut(last, " ")
	return c, err
}

// scanConversation reads convCols, then into extra the columns after them.
func scanConversation(r row, extra ...any) (store.Conversation, error) {
	var c store.Conversation
	var last, created, updated int64
	var inbound, closed, waiting *int64
	err := r.Scan(append([]any{&c.ID, &c.TenantID, &c.ContactID, &c.ConnectionID, &c.Channel, &c.Status, &c.AssigneeID, &c.Handler,
		&c.Unread, &c.Preview, &last, &inbound, &created, &updated, &closed, &waiting}, extra...)...)
	c.LastMessageAt, c.LastInboundAt, c.WindowClosedAt = fromMS(last), fromNullMS(inbound), fromNullMS(closed)
	c.WaitingSince = fromNullMS(waiting)
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

// CreateConversations inserts the conversations whose contact exists, in
// spans of one multi-row statement; a conflict (one made meanwhile, or a
// later key for the same pair) or an erased contact creates nothing.
func (q queries) CreateConversations(ctx context.Context, all []store.Conversation) ([]bool, error) {
	type pair struct{ tenant, contact, connection string }
	seen := map[pair]bool{}
	cs := make([]store.Conversation, 0, len(all)) // the first key of each pair: the statement would pick any
	for _, c := range all {
		if k := (pair{c.TenantID, c.ContactID, c.ConnectionID}); !seen[k] {
			seen[k] = true
			cs = append(cs, c)
		}
	}
	made := map[string]bool{}
	for start, n := range spans(len(cs), 64) {
		var s sqlb
		s.add(`INSERT INTO conversations (id, tenant_id, contact_id, connection_id, channel, status, assignee_id,
			handler, last_message_at, created_at, updated_at)
		SELECT v.column1, c.tenant_id, c.id, v.column4, v.column5, v.column6, v.column7, v.column8, 0, v.column9, v.column9
		FROM (VALUES `)
		for i, c := range cs[start : start+n] {
			if i > 0 {
				s.add(", ")
			}
			s.add(`(CAST(`, s.arg(c.ID), ` AS TEXT), CAST(`, s.arg(c.TenantID), ` AS TEXT), CAST(`, s.arg(c.ContactID),
				` AS TEXT), CAST(`, s.arg(c.ConnectionID), ` AS TEXT), CAST(`, s.arg(c.Channel), ` AS TEXT), CAST(`,
				s.arg(c.Status), ` AS TEXT), CAST(`, s.arg(c.AssigneeID), ` AS TEXT), CAST(`, s.arg(c.Handler),
				` AS TEXT), CAST(`, s.arg(ms(c.CreatedAt)), ` AS BIGINT))`)
		}
		s.add(`) AS v JOIN contacts c ON c.tenant_id = v.column2 AND c.id = v.column3 WHERE true
		ON CONFLICT (tenant_id, contact_id, connection_id) DO NOTHING RETURNING id`)
		r, err := q.c.query(ctx, s.String(), s.args...)
		ids, err := collect(r, err, func(r rows) (string, error) {
			var id string
			return id, r.Scan(&id)
		})
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			made[id] = true
		}
	}
	out := make([]bool, len(all))
	for i, c := range all {
		out[i] = made[c.ID]
	}
	return out, nil
}

// conversationOf reads the conversation of c's contact on c's connection.
func (q queries) conversationOf(ctx context.Context, c store.Conversation) (store.Conversation, error) {
	got, err := q.ConversationsOf(ctx, c.TenantID, []store.Conversation{c})
	if err != nil || got[0].ID == "" {
		return store.Conversation{}, orNotFound(err)
	}
	return got[0], nil
}

// ConversationsOf reads the conversations of the keys' contacts (all
// their connections, in one query) and keeps those on the keys'
// connections.
func (q queries) ConversationsOf(ctx context.Context, tenantID string, keys []store.Conversation) ([]store.Conversation, error) {
	type pair struct{ contact, connection string }
	want := map[pair][]int{}
	var contacts []string
	seen := map[string]bool{}
	for i, k := range keys {
		want[pair{k.ContactID, k.ConnectionID}] = append(want[pair{k.ContactID, k.ConnectionID}], i)
		if !seen[k.ContactID] {
			seen[k.ContactID] = true
			contacts = append(contacts, k.ContactID)
		}
	}
	out := make([]store.Conversation, len(keys))
	if len(contacts) == 0 {
		return out, nil
	}
	var s sqlb
	s.add(planEach+`SELECT `, convCols, ` FROM conversations WHERE tenant_id = `, s.arg(tenantID),
		` AND contact_id IN (`, s.placeholders(padded(contacts)), `)`)
	r, err := q.c.query(ctx, s.String(), s.args...)
	got, err := collect(r, err, func(r rows) (store.Conversation, error) { return scanConversation(r) })
	var each []*store.Conversation
	for i := range got {
		if at := want[pair{got[i].ContactID, got[i].ConnectionID}]; len(at) > 0 {
			each = append(each, &got[i])
		}
	}
	if err == nil {
		err = q.loadLabels(ctx, tenantID, each)
	}
	for _, c := range each {
		for _, i := range want[pair{c.ContactID, c.ConnectionID}] {
			out[i] = *c
		}
	}
	return out, err
}

func (q queries) GetConversation(ctx context.Context, tenantID, id string) (store.Conversation, error) {
	c, err := scanRead(q.c.queryRow(ctx, `SELECT `+readCols+` FROM conversations WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	if err != nil {
		return c, err
	}
	return c, q.loadLabels(ctx, tenantID, []*store.Conversation{&c})
}

func (q queries) UpdateConversation(ctx context.Context, c store.Conversation) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE conversations SET status = $3, assignee_id = $4, handler = $5, unread = $6,
		updated_at = $7, waiting_since = CASE WHEN $3 = 'resolved' THEN NULL ELSE waiting_since END
		WHERE tenant_id = $1 AND id = $2`,
		c.TenantID, c.ID, c.Status, c.AssigneeID, c.Handler, c.Unread, ms(c.UpdatedAt)))
}

// CloseWindow records that the channel found the conversation's window
// closed at at.
func (q queries) CloseWindow(ctx context.Context, tenantID, id string, at time.Time) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE conversations SET window_closed_at = $3 WHERE tenant_id = $1 AND id = $2`,
		tenantID, id, ms(at)))
}

// StopWaiting clears the conversation's wait for an answer.
func (q queries) StopWaiting(ctx context.Context, tenantID, id string, at time.Time) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE conversations SET waiting_since = NULL, updated_at = $3 WHERE tenant_id = $1 AND id = $2`,
		tenantID, id, ms(at)))
}

// TouchConversation keeps the latest message's time and preview (out of
// order arrivals do not move it back); inbound messages count as unread,
// open the 24-hour window and reopen a resolved or pending conversation
// (the customer answered). A reaction opens the window only: a 👍 on the
// agent's goodbye is no new message to answer. An inbound message starts
// the wait for an answer unless one runs; an outbound one that answers
// the customer ends it (store.Message.AnswersCustomer: a campaign's copy
// and a failed send do not).
func (q queries) TouchConversation(ctx context.Context, m store.Message) (store.Conversation, error) {
	got, err := q.TouchConversations(ctx, []store.Message{m})
	if c, ok := got[m.ConversationID]; ok && err == nil {
		return c, nil
	}
	return store.Conversation{}, orNotFound(err)
}

// TouchConversations sums ms up per conversation (latest time and its
// preview, inbound count and latest inbound time) and applies the sums in
// one UPDATE … FROM (VALUES …). The result is what touching with each
// message in turn would leave: the preview is the last message at the
// latest time, and only if that time is not older than the stored one;
// the wait is what the batch's last answer and the inbound messages after
// it leave (waiting_since in the same UPDATE: no statement more).
func (q queries) TouchConversations(ctx context.Context, msgs []store.Message) (map[string]store.Conversation, error) {
	type sum struct {
		tenantID, id, preview string
		at, inbound           int64
		inboundAt             *int64
		answered              int64  // 1 when an outbound message ends the wait (AnswersCustomer)
		waitFrom              *int64 // the first inbound message after the last answer
	}
	var order []*sum
	byID := map[string]*sum{}
	for _, m := range msgs {
		t := byID[m.ConversationID]
		if t == nil {
			t = &sum{tenantID: m.TenantID, id: m.ConversationID, at: math.MinInt64}
			byID[m.ConversationID] = t
			order = append(order, t)
		}
		if at := ms(m.CreatedAt); at >= t.at {
			t.at, t.preview = at, preview(previewText(m))
		}
		if m.AnswersCustomer() {
			t.answered, t.waitFrom = 1, nil
		}
		if m.Direction == "in" {
			if m.Type != "reaction" { // an emoji on a message: not a new message to answer
				t.inbound++
				if t.waitFrom == nil {
					at := ms(m.CreatedAt)
					t.waitFrom = &at
				}
			}
			if at := ms(m.CreatedAt); t.inboundAt == nil || at > *t.inboundAt {
				t.inboundAt = &at
			}
		}
	}
	out := make(map[string]store.Conversation, len(order))
	for start, n := range spans(len(order), 32) {
		var s sqlb
		s.add(`UPDATE conversations SET
		last_message_at = CASE WHEN v.column3 > last_message_at THEN v.column3 ELSE last_message_at END,
		preview = CASE WHEN v.column3 >= last_message_at THEN v.column4 ELSE preview END,
		last_inbound_at = CASE WHEN v.column6 IS NOT NULL AND (last_inbound_at IS NULL OR v.column6 > last_inbound_at)
			THEN v.column6 ELSE last_inbound_at END,
		unread = unread + v.column5,
		status = CASE WHEN v.column5 > 0 AND status IN ('resolved', 'pending') THEN 'open' ELSE status END,
		waiting_since = CASE WHEN v.column7 = 1 OR waiting_since IS NULL THEN v.column8 ELSE waiting_since END,
		updated_at = `, s.arg(ms(now())), ` FROM (VALUES `)
		for i, t := range order[start : start+n] {
			if i > 0 {
				s.add(", ")
			}
			s.add(`(CAST(`, s.arg(t.tenantID), ` AS TEXT), CAST(`, s.arg(t.id), ` AS TEXT), CAST(`, s.arg(t.at),
				` AS BIGINT), CAST(`, s.arg(t.preview), ` AS TEXT), CAST(`, s.arg(t.inbound), ` AS BIGINT), CAST(`,
				s.arg(t.inboundAt), ` AS BIGINT), CAST(`, s.arg(t.answered), ` AS BIGINT), CAST(`, s.arg(t.waitFrom), ` AS BIGINT))`)
		}
		s.add(`) AS v WHERE conversations.tenant_id = v.column1 AND conversations.id = v.column2 RETURNING `, convCols)
		r, err := q.c.query(ctx, s.String(), s.args...)
		got, err := collect(r, err, func(r rows) (store.Conversation, error) { return scanConversation(r) })
		if err != nil {
			return out, err
		}
		for _, c := range got {
			out[c.ID] = c
		}
	}
	return out, nil
}

// mediaMarks stand for a file without a caption in the inbox list, as
// WhatsApp's own list shows them: the same in every language.
var mediaMarks = map[string]string{"image": "📷", "video": "🎥", "audio": "🎤", "document": "📄", "sticker": "💟"}

// previewText is what the inbox list shows for m: its text, or, for a
// file sent without one (a photo, a voice note), the file's mark and name.
func previewText(m store.Message) string {
	switch {
	case m.Text != "":
		return m.Text
	case m.Media != nil:
		return strings.TrimSpace(cmp.Or(mediaMarks[m.Media.Type], "📎") + " " + m.Media.Filename)
	case m.Type == "unsupported":
		return "⚠️"
	}
	return ""
}

// preview is the start of a message's text shown in the inbox list.
func preview(text string) string {
	if len(text) <= 200 {
		return text
	}
	cut := 200
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut]
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
	s.add(`SELECT conversation_id, label FROM conversation_labels WHERE conversation_id IN (`, s.placeholders(padded(ids)), `) ORDER BY label`)
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
