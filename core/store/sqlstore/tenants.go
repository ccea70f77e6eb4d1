package sqlstore

import (
	"context"
	"strings"

	"github.com/masteria/masteria/core/store"
)

func (q queries) CreateTenant(ctx context.Context, t store.Tenant) error {
	_, err := q.c.exec(ctx, `INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3)`,
		t.ID, t.Name, ms(t.CreatedAt))
	return err
}

func (q queries) GetTenant(ctx context.Context, id string) (store.Tenant, error) {
	t := store.Tenant{ID: id}
	var created int64
	err := q.c.queryRow(ctx, `SELECT name, created_at FROM tenants WHERE id = $1`, id).Scan(&t.Name, &created)
	t.CreatedAt = fromMS(created)
	return t, err
}

func (q queries) CreateUser(ctx context.Context, u store.User) error {
	_, err := q.c.exec(ctx, `INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)`,
		u.ID, strings.ToLower(u.Email), u.Name, u.PasswordHash, ms(u.CreatedAt))
	return err
}

const userCols = `id, email, name, password_hash, created_at`

func scanUser(r row) (store.User, error) {
	var u store.User
	var created int64
	err := r.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &created)
	u.CreatedAt = fromMS(created)
	return u, err
}

func (q queries) GetUser(ctx context.Context, id string) (store.User, error) {
	return scanUser(q.c.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
}

func (q queries) UserByEmail(ctx context.Context, email string) (store.User, error) {
	return scanUser(q.c.queryRow(ctx, `SELECT `+userCols+` FROM users WHERE email = $1`, strings.ToLower(email)))
}

func (q queries) SetPassword(ctx context.Context, userID, hash string) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, userID, hash))
}

func (q queries) AddMember(ctx context.Context, tenantID, userID, role string) error {
	_, err := q.c.exec(ctx, `INSERT INTO memberships (tenant_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)`,
		tenantID, userID, role, ms(now()))
	return err
}

const memberSelect = `SELECT m.tenant_id, t.name, m.user_id, u.email, u.name, m.role, m.created_at
	FROM memberships m JOIN users u ON u.id = m.user_id JOIN tenants t ON t.id = m.tenant_id`

func scanMember(r row) (store.Member, error) {
	var m store.Member
	var created int64
	err := r.Scan(&m.TenantID, &m.TenantName, &m.UserID, &m.Email, &m.Name, &m.Role, &created)
	m.CreatedAt = fromMS(created)
	return m, err
}

func (q queries) GetMember(ctx context.Context, tenantID, userID string) (store.Member, error) {
	return scanMember(q.c.queryRow(ctx, memberSelect+` WHERE m.tenant_id = $1 AND m.user_id = $2`, tenantID, userID))
}

func (q queries) ListMembers(ctx context.Context, tenantID string) ([]store.Member, error) {
	r, err := q.c.query(ctx, memberSelect+` WHERE m.tenant_id = $1 ORDER BY u.email`, tenantID)
	return collect(r, err, func(r rows) (store.Member, error) { return scanMember(r) })
}

func (q queries) TenantsOfUser(ctx context.Context, userID string) ([]store.Member, error) {
	r, err := q.c.query(ctx, memberSelect+` WHERE m.user_id = $1 ORDER BY m.created_at, m.tenant_id`, userID)
	return collect(r, err, func(r rows) (store.Member, error) { return scanMember(r) })
}

func (q queries) SetMemberRole(ctx context.Context, tenantID, userID, role string) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE memberships SET role = $3 WHERE tenant_id = $1 AND user_id = $2`,
		tenantID, userID, role))
}

func (q queries) RemoveMember(ctx context.Context, tenantID, userID string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM memberships WHERE tenant_id = $1 AND user_id = $2`, tenantID, userID))
}
