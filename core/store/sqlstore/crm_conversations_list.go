package sqlstore

import (
	"context"

	"github.com/masteria/masteria/core/store"
)

var conversationSorts = map[string]keyset{
	"last_message_at":  {keys: []sortKey{{"last_message_at", true}, {"id", false}}},
	"-last_message_at": {keys: []sortKey{{"last_message_at", true}, {"id", false}}, desc: true},
	"created_at":       {keys: []sortKey{{"created_at", true}, {"id", false}}},
	"-created_at":      {keys: []sortKey{{"created_at", true}, {"id", false}}, desc: true},
	"waiting":          {keys: []sortKey{{"waiting_since", true}, {"id", false}}},
}

// ListConversations pages the inbox, latest activity first by default.
func (q queries) ListConversations(ctx context.Context, tenantID string, f store.ConversationFilter) ([]store.Conversation, string, error) {
	s, ks, n, err := listConversations(q.dialect, tenantID, f)
	if err != nil {
		return nil, "", err
	}
	r, err := q.c.query(ctx, s.String(), s.args...)
	items, err := collect(r, err, func(r rows) (store.Conversation, error) { return scanRead(r) })
	if err != nil {
		return nil, "", err
	}
	items, next := page(items, n, func(c store.Conversation) []any {
		switch ks.keys[0].col {
		case "created_at":
			return []any{ms(c.CreatedAt), c.ID}
		case "waiting_since":
			return []any{ms(*c.WaitingSince), c.ID}
		}
		return []any{ms(c.LastMessageAt), c.ID}
	})
	ptrs := make([]*store.Conversation, len(items))
	for i := range items {
		ptrs[i] = &items[i]
	}
	return items, next, q.loadLabels(ctx, tenantID, ptrs)
}

// listConversations is ListConversations' statement, its order and its
// page size.
func listConversations(dialect, tenantID string, f store.ConversationFilter) (*sqlb, keyset, int, error) {
	ks, ok := conversationSorts[f.Sort]
	if f.Sort == "" {
		ks, ok = conversationSorts["-last_message_at"], true
	}
	if !ok {
		return nil, ks, 0, store.ErrBadCursor
	}
	var s sqlb
	s.add(`SELECT `, readCols, ` FROM conversations WHERE tenant_id = `, s.arg(tenantID))
	conversationConditions(&s, f)
	contactQuery(&s, dialect, tenantID, f.Query)
	if f.Sort == "waiting" { // only those waiting (conversations_waiting holds just them)
		s.add(` AND waiting_since IS NOT NULL`)
	}
	if err := ks.where(&s, f.Cursor); err != nil {
		return nil, ks, 0, err
	}
	n := limit(f.Limit, 50, 200)
	ks.orderBy(&s, n)
	return &s, ks, n, nil
}

func conversationConditions(s *sqlb, f store.ConversationFilter) {
	for _, c := range []struct{ col, val string }{
		{"status", f.Status}, {"channel", f.Channel}, {"contact_id", f.ContactID}, {"handler", f.Handler},
	} {
		if c.val != "" {
			s.add(" AND ", c.col, " = ", s.arg(c.val))
		}
	}
	switch f.AssigneeID {
	case "":
	case "none":
		s.add(" AND assignee_id = ''")
	default:
		s.add(" AND assignee_id = ", s.arg(f.AssigneeID))
	}
	if f.Label != "" {
		s.add(` AND EXISTS (SELECT 1 FROM conversation_labels l WHERE l.conversation_id = conversations.id AND l.label = `,
			s.arg(f.Label), `)`)
	}
}
