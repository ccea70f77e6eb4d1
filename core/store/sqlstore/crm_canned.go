package sqlstore

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/store"
)

func (q queries) CreateCanned(ctx context.Context, r store.CannedResponse) error {
	_, err := q.c.exec(ctx, `INSERT INTO canned_responses (id, tenant_id, shortcut, title, body, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)`, r.ID, r.TenantID, r.Shortcut, r.Title, r.Body, ms(r.CreatedAt))
	return err
}

const cannedCols = `id, tenant_id, shortcut, title, body, created_at, updated_at`

func scanCanned(r row) (store.CannedResponse, error) {
	var c store.CannedResponse
	var created, updated int64
	err := r.Scan(&c.ID, &c.TenantID, &c.Shortcut, &c.Title, &c.Body, &created, &updated)
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	return c, err
}

func (q queries) GetCanned(ctx context.Context, tenantID, id string) (store.CannedResponse, error) {
	return scanCanned(q.c.queryRow(ctx, `SELECT `+cannedCols+` FROM canned_responses WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) UpdateCanned(ctx context.Context, r store.CannedResponse) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE canned_responses SET shortcut = $3, title = $4, body = $5, updated_at = $6
		WHERE tenant_id = $1 AND id = $2`, r.TenantID, r.ID, r.Shortcut, r.Title, r.Body, ms(r.UpdatedAt)))
}

func (q queries) DeleteCanned(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM canned_responses WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

// ListCanned lists responses whose shortcut or title starts with query.
func (q queries) ListCanned(ctx context.Context, tenantID, query string) ([]store.CannedResponse, error) {
	var s sqlb
	s.add(`SELECT `, cannedCols, ` FROM canned_responses WHERE tenant_id = `, s.arg(tenantID))
	if query != "" {
		p := s.arg(likePrefix(query))
		s.add(` AND (lower(shortcut) LIKE `, p, ` ESCAPE '\' OR lower(title) LIKE `, p, ` ESCAPE '\')`)
	}
	s.add(` ORDER BY shortcut LIMIT 500`)
	r, err := q.c.query(ctx, s.String(), s.args...)
	return collect(r, err, func(r rows) (store.CannedResponse, error) { return scanCanned(r) })
}

func (q queries) SetAgentPresence(ctx context.Context, tenantID, userID string, online bool, at time.Time) error {
	on := int64(0)
	if online {
		on = 1
	}
	_, err := q.c.exec(ctx, `INSERT INTO inbox_agents (tenant_id, user_id, online, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (tenant_id, user_id) DO UPDATE SET online = excluded.online, updated_at = excluded.updated_at`,
		tenantID, userID, on, ms(at))
	return err
}

const nextAgent = `SELECT a.user_id FROM inbox_agents a
	JOIN memberships m ON m.tenant_id = a.tenant_id AND m.user_id = a.user_id
	WHERE a.tenant_id = $1 AND a.online = 1 AND m.role IN ('owner', 'admin', 'agent')
	ORDER BY a.assigned_seq, a.user_id LIMIT 1`

// NextAgent is round robin: the online agent with the oldest assignment
// takes the next one and goes to the back of the line. On Postgres
// concurrent pickers skip each other's locked row.
func (q queries) NextAgent(ctx context.Context, tenantID string, at time.Time) (string, error) {
	var id string
	var err error
	if q.dialect == Postgres {
		err = q.c.queryRow(ctx, nextAgent+` FOR UPDATE OF a SKIP LOCKED`, tenantID).Scan(&id)
	}
	if q.dialect != Postgres || err == store.ErrNotFound {
		err = q.c.queryRow(ctx, nextAgent, tenantID).Scan(&id)
	}
	if err != nil {
		return "", err
	}
	_, err = q.c.exec(ctx, `UPDATE inbox_agents SET assigned_seq =
		(SELECT COALESCE(MAX(assigned_seq), 0) + 1 FROM inbox_agents WHERE tenant_id = $1), updated_at = $3
		WHERE tenant_id = $1 AND user_id = $2`, tenantID, id, ms(at))
	return id, err
}
