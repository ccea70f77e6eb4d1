package sqlstore

import (
	"context"

	"github.com/masteria/masteria/core/store"
)

func (q queries) CreateBoard(ctx context.Context, b store.Board) error {
	_, err := q.c.exec(ctx, `INSERT INTO boards (id, tenant_id, name, created_at) VALUES ($1, $2, $3, $4)`,
		b.ID, b.TenantID, b.Name, ms(b.CreatedAt))
	return err
}

func (q queries) GetBoard(ctx context.Context, tenantID, id string) (store.Board, error) {
	return q.boardWhere(ctx, `id = $2`, tenantID, id)
}

func (q queries) BoardByName(ctx context.Context, tenantID, name string) (store.Board, error) {
	return q.boardWhere(ctx, `name = $2`, tenantID, name)
}

func (q queries) boardWhere(ctx context.Context, cond, tenantID, v string) (store.Board, error) {
	b, err := scanBoard(q.c.queryRow(ctx, `SELECT id, tenant_id, name, created_at FROM boards WHERE tenant_id = $1 AND `+cond, tenantID, v))
	if err != nil {
		return b, err
	}
	b.Stages, err = q.stagesOf(ctx, tenantID, b.ID)
	return b, err
}

func scanBoard(r row) (store.Board, error) {
	var b store.Board
	var created int64
	err := r.Scan(&b.ID, &b.TenantID, &b.Name, &created)
	b.CreatedAt = fromMS(created)
	return b, err
}

// ListBoards lists boards by name, each with its stages.
func (q queries) ListBoards(ctx context.Context, tenantID string) ([]store.Board, error) {
	r, err := q.c.query(ctx, `SELECT id, tenant_id, name, created_at FROM boards WHERE tenant_id = $1 ORDER BY name, id`, tenantID)
	boards, err := collect(r, err, func(r rows) (store.Board, error) { return scanBoard(r) })
	for i := range boards {
		if err != nil {
			break
		}
		boards[i].Stages, err = q.stagesOf(ctx, tenantID, boards[i].ID)
	}
	return boards, err
}

func (q queries) DeleteBoard(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM boards WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

const stageCols = `id, tenant_id, board_id, name, position, created_at`

func scanStage(r row) (store.Stage, error) {
	var s store.Stage
	var created int64
	err := r.Scan(&s.ID, &s.TenantID, &s.BoardID, &s.Name, &s.Position, &created)
	s.CreatedAt = fromMS(created)
	return s, err
}

func (q queries) stagesOf(ctx context.Context, tenantID, boardID string) ([]store.Stage, error) {
	r, err := q.c.query(ctx, `SELECT `+stageCols+` FROM stages WHERE tenant_id = $1 AND board_id = $2 ORDER BY position, id`, tenantID, boardID)
	return collect(r, err, func(r rows) (store.Stage, error) { return scanStage(r) })
}

// CreateStage adds a stage to a board of the same tenant.
func (q queries) CreateStage(ctx context.Context, s store.Stage) error {
	return notFoundIfNone(q.c.exec(ctx, `INSERT INTO stages (id, tenant_id, board_id, name, position, created_at)
		SELECT $1, tenant_id, id, $4, $5, CAST($6 AS BIGINT) FROM boards WHERE tenant_id = $2 AND id = $3`,
		s.ID, s.TenantID, s.BoardID, s.Name, s.Position, ms(s.CreatedAt)))
}

// UpdateStage saves a stage's name and position.
func (q queries) UpdateStage(ctx context.Context, s store.Stage) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE stages SET name = $3, position = $4 WHERE tenant_id = $1 AND id = $2`,
		s.TenantID, s.ID, s.Name, s.Position))
}

// DeleteStage removes a stage (its cards go with it, by the foreign key).
func (q queries) DeleteStage(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM stages WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

// LockStage reads the stage; on Postgres it holds a row lock until the
// transaction ends (SQLite transactions already run one at a time).
func (q queries) LockStage(ctx context.Context, tenantID, id string) (store.Stage, error) {
	sel := `SELECT ` + stageCols + ` FROM stages WHERE tenant_id = $1 AND id = $2`
	if q.dialect == Postgres {
		sel += ` FOR UPDATE`
	}
	return scanStage(q.c.queryRow(ctx, sel, tenantID, id))
}
