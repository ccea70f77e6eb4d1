package sqlstore

import (
	"context"

	"github.com/masteria/masteria/core/store"
)

// listBoardCards pages a whole board's cards in board order (stage
// position, card position, ID) stage by stage: each stage's cards come
// through cards_stage (stage_id, position, id) already in order, so no
// query sorts the board. Sorting 5,000 joined rows was a third of opening a
// full board on SQLite.
func (q queries) listBoardCards(ctx context.Context, tenantID, boardID, cursor string, n int) ([]store.Card, string, error) {
	var after []any // stage position, card position, card ID
	if cursor != "" {
		vals, err := decodeCursor(cursor, boardOrder.keys)
		if err != nil {
			return nil, "", err
		}
		after = vals
	}
	type stage struct{ id, position string }
	var s sqlb
	s.add(`SELECT id, position FROM stages WHERE tenant_id = `, s.arg(tenantID), ` AND board_id = `, s.arg(boardID))
	if after != nil {
		s.add(` AND position >= `, s.arg(after[0]))
	}
	s.add(` ORDER BY position, id`)
	r, err := q.c.query(ctx, s.String(), s.args...)
	stages, err := collect(r, err, func(r rows) (stage, error) {
		var st stage
		return st, r.Scan(&st.id, &st.position)
	})
	if err != nil {
		return nil, "", err
	}
	type placed struct {
		card  store.Card
		stage string
	}
	items := make([]placed, 0, min(n+1, 1024))
	for _, st := range stages {
		want := n + 1 - len(items)
		if want <= 0 {
			break
		}
		var c sqlb
		c.add(`SELECT `, cardCols, ` FROM cards WHERE tenant_id = `, c.arg(tenantID), ` AND stage_id = `, c.arg(st.id))
		if after != nil && st.position == after[0] {
			c.add(` AND (position, id) > (`, c.arg(after[1]), `, `, c.arg(after[2]), `)`)
		}
		c.add(` ORDER BY position, id LIMIT `, c.arg(want))
		r, err := q.c.query(ctx, c.String(), c.args...)
		items, err = collectOnto(items, r, err, func(r rows) (placed, error) {
			card, err := scanCard(r)
			return placed{card: card, stage: st.position}, err
		})
		if err != nil {
			return nil, "", err
		}
	}
	items, next := page(items, n, func(p placed) []any { return []any{p.stage, p.card.Position, p.card.ID} })
	out := make([]store.Card, len(items))
	for i, p := range items {
		out[i] = p.card
	}
	return out, next, nil
}
