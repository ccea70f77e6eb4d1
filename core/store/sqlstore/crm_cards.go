package sqlstore

import (
	"context"

	"github.com/masteria/masteria/core/store"
)

const cardCols = `id, tenant_id, board_id, stage_id, contact_id, title, value_cents, currency, owner_id, due_at,
	position, created_at, updated_at`

func scanCard(r row) (store.Card, error) {
	var c store.Card
	var due *int64
	var created, updated int64
	err := r.Scan(&c.ID, &c.TenantID, &c.BoardID, &c.StageID, &c.ContactID, &c.Title, &c.ValueCents, &c.Currency,
		&c.OwnerID, &due, &c.Position, &created, &updated)
	c.DueAt, c.CreatedAt, c.UpdatedAt = fromNullMS(due), fromMS(created), fromMS(updated)
	return c, err
}

func dueArg(c store.Card) any {
	if c.DueAt == nil {
		return nil
	}
	return ms(*c.DueAt)
}

// CreateCard inserts a card on a stage and contact of the same tenant.
func (q queries) CreateCard(ctx context.Context, c store.Card) error {
	return notFoundIfNone(q.c.exec(ctx, `INSERT INTO cards (`+cardCols+`)
		SELECT $1, s.tenant_id, s.board_id, s.id, k.id, $5, CAST($6 AS BIGINT), $7, $8, CAST($9 AS BIGINT), $10,
			CAST($11 AS BIGINT), CAST($11 AS BIGINT)
		FROM stages s JOIN contacts k ON k.tenant_id = s.tenant_id
		WHERE s.tenant_id = $2 AND s.id = $3 AND k.id = $4`,
		c.ID, c.TenantID, c.StageID, c.ContactID, c.Title, c.ValueCents, c.Currency, c.OwnerID, dueArg(c),
		c.Position, ms(c.CreatedAt)))
}

func (q queries) GetCard(ctx context.Context, tenantID, id string) (store.Card, error) {
	return scanCard(q.c.queryRow(ctx, `SELECT `+cardCols+` FROM cards WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) UpdateCard(ctx context.Context, c store.Card) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE cards SET stage_id = $3, title = $4, value_cents = $5, currency = $6,
		owner_id = $7, due_at = $8, position = $9, updated_at = $10 WHERE tenant_id = $1 AND id = $2`,
		c.TenantID, c.ID, c.StageID, c.Title, c.ValueCents, c.Currency, c.OwnerID, dueArg(c), c.Position, ms(c.UpdatedAt)))
}

func (q queries) DeleteCard(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM cards WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) CardPositionAfter(ctx context.Context, tenantID, stageID, position, id, exceptID string) (string, error) {
	return q.neighbour(ctx, `(position, id) > ($3, $4)`, `ASC`, tenantID, stageID, position, id, exceptID)
}

func (q queries) CardPositionBefore(ctx context.Context, tenantID, stageID, position, id, exceptID string) (string, error) {
	if position == "" { // from the end
		position, id = "~", "~"
	}
	return q.neighbour(ctx, `(position, id) < ($3, $4)`, `DESC`, tenantID, stageID, position, id, exceptID)
}

func (q queries) neighbour(ctx context.Context, cond, dir, tenantID, stageID, position, id, exceptID string) (string, error) {
	var pos string
	err := q.c.queryRow(ctx, `SELECT position FROM cards WHERE stage_id = $2 AND tenant_id = $1 AND `+cond+`
		AND id <> $5 ORDER BY position `+dir+`, id `+dir+` LIMIT 1`, tenantID, stageID, position, id, exceptID).Scan(&pos)
	if err == store.ErrNotFound {
		return "", nil
	}
	return pos, err
}

func (q queries) LatestCardOfContact(ctx context.Context, tenantID, boardID, contactID string) (store.Card, error) {
	return scanCard(q.c.queryRow(ctx, `SELECT `+cardCols+` FROM cards WHERE tenant_id = $1 AND contact_id = $2 AND board_id = $3
		ORDER BY updated_at DESC, id DESC LIMIT 1`, tenantID, contactID, boardID))
}

func (q queries) AddCardEvent(ctx context.Context, e store.CardEvent) error {
	detail := string(e.Detail)
	if detail == "" {
		detail = "{}"
	}
	_, err := q.c.exec(ctx, `INSERT INTO card_events (id, tenant_id, card_id, kind, from_stage, to_stage, actor, detail, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		e.ID, e.TenantID, e.CardID, e.Kind, e.FromStage, e.ToStage, e.Actor, detail, ms(e.CreatedAt))
	return err
}

func (q queries) ListCardEvents(ctx context.Context, tenantID, cardID string) ([]store.CardEvent, error) {
	r, err := q.c.query(ctx, `SELECT id, tenant_id, card_id, kind, from_stage, to_stage, actor, detail, created_at
		FROM card_events WHERE tenant_id = $1 AND card_id = $2 ORDER BY created_at, id`, tenantID, cardID)
	return collect(r, err, func(r rows) (store.CardEvent, error) {
		var e store.CardEvent
		var detail string
		var created int64
		err := r.Scan(&e.ID, &e.TenantID, &e.CardID, &e.Kind, &e.FromStage, &e.ToStage, &e.Actor, &detail, &created)
		e.Detail, e.CreatedAt = []byte(detail), fromMS(created)
		return e, err
	})
}
