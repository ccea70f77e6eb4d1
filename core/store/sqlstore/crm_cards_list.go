package sqlstore

import (
	"context"
	"strings"

	"github.com/masteria/masteria/core/store"
)

var boardOrder = keyset{keys: []sortKey{{"s.position", false}, {"c.position", false}, {"c.id", false}}}

// ListCards pages cards in board order: stage position, card position, ID.
func (q queries) ListCards(ctx context.Context, tenantID string, f store.CardFilter) ([]store.Card, string, error) {
	if f.BoardID != "" && f.StageID == "" && f.ContactID == "" {
		return q.listBoardCards(ctx, tenantID, f.BoardID, f.Cursor, limit(f.Limit, 500, 5000))
	}
	var s sqlb
	s.add(`SELECT `, prefixed(cardCols, "c."), `, s.position FROM cards c JOIN stages s ON s.id = c.stage_id
		WHERE c.tenant_id = `, s.arg(tenantID))
	for _, c := range []struct{ col, val string }{{"c.board_id", f.BoardID}, {"c.stage_id", f.StageID}, {"c.contact_id", f.ContactID}} {
		if c.val != "" {
			s.add(" AND ", c.col, " = ", s.arg(c.val))
		}
	}
	if err := boardOrder.where(&s, f.Cursor); err != nil {
		return nil, "", err
	}
	n := limit(f.Limit, 500, 5000)
	boardOrder.orderBy(&s, n)
	type placed struct {
		card  store.Card
		stage string
	}
	r, err := q.c.query(ctx, s.String(), s.args...)
	items, err := collect(r, err, func(r rows) (placed, error) {
		var p placed
		var due *int64
		var created, updated int64
		c := &p.card
		err := r.Scan(&c.ID, &c.TenantID, &c.BoardID, &c.StageID, &c.ContactID, &c.Title, &c.ValueCents, &c.Currency,
			&c.OwnerID, &due, &c.Position, &created, &updated, &p.stage)
		c.DueAt, c.CreatedAt, c.UpdatedAt = fromNullMS(due), fromMS(created), fromMS(updated)
		return p, err
	})
	if err != nil {
		return nil, "", err
	}
	items, next := page(items, n, func(p placed) []any { return []any{p.stage, p.card.Position, p.card.ID} })
	cards := make([]store.Card, len(items))
	for i, p := range items {
		cards[i] = p.card
	}
	return cards, next, nil
}

// prefixed qualifies every column of a column list.
func prefixed(cols, prefix string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
