package sqlstore

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/store"
)

const flowCols = `id, tenant_id, name, title, draft, published_version, trigger_on, created_at, updated_at`

func scanFlow(r row) (store.Flow, error) {
	var f store.Flow
	var created, updated int64
	err := r.Scan(&f.ID, &f.TenantID, &f.Name, &f.Title, &f.Draft, &f.PublishedVersion, &f.TriggerOn, &created, &updated)
	f.CreatedAt, f.UpdatedAt = fromMS(created), fromMS(updated)
	return f, err
}

func (q queries) CreateFlow(ctx context.Context, f store.Flow) error {
	_, err := q.c.exec(ctx, `INSERT INTO flows (`+flowCols+`) VALUES ($1, $2, $3, $4, $5, 0, '', $6, $6)`,
		f.ID, f.TenantID, f.Name, f.Title, f.Draft, ms(f.CreatedAt))
	return err
}

func (q queries) GetFlow(ctx context.Context, tenantID, id string) (store.Flow, error) {
	return scanFlow(q.c.queryRow(ctx, `SELECT `+flowCols+` FROM flows WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) FlowByID(ctx context.Context, id string) (store.Flow, error) {
	return scanFlow(q.c.queryRow(ctx, `SELECT `+flowCols+` FROM flows WHERE id = $1`, id))
}

func (q queries) ListFlows(ctx context.Context, tenantID string) ([]store.Flow, error) {
	r, err := q.c.query(ctx, `SELECT `+flowCols+` FROM flows WHERE tenant_id = $1 ORDER BY name`, tenantID)
	return collect(r, err, func(r rows) (store.Flow, error) { return scanFlow(r) })
}

func (q queries) PublishedFlows(ctx context.Context, triggerOn string) ([]store.Flow, error) {
	r, err := q.c.query(ctx, `SELECT `+flowCols+` FROM flows WHERE published_version > 0 AND trigger_on = $1 ORDER BY tenant_id, id`, triggerOn)
	return collect(r, err, func(r rows) (store.Flow, error) { return scanFlow(r) })
}

func (q queries) TenantFlowsOn(ctx context.Context, tenantID, triggerOn string) ([]store.Flow, error) {
	r, err := q.c.query(ctx, `SELECT `+flowCols+` FROM flows WHERE tenant_id = $1 AND trigger_on = $2 AND published_version > 0 ORDER BY id`,
		tenantID, triggerOn)
	return collect(r, err, func(r rows) (store.Flow, error) { return scanFlow(r) })
}

func (q queries) UpdateFlowDraft(ctx context.Context, tenantID, id, title, draft string, at time.Time) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE flows SET title = $3, draft = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2`,
		tenantID, id, title, draft, ms(at)))
}

func (q queries) DeleteFlow(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM flows WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

// PublishFlow copies the draft into the next version number. The version
// row's primary key makes two concurrent publishes of one flow conflict
// instead of sharing a number.
func (q queries) PublishFlow(ctx context.Context, tenantID, id, createdBy, triggerOn string, at time.Time) (store.FlowVersion, error) {
	f, err := q.GetFlow(ctx, tenantID, id)
	if err != nil {
		return store.FlowVersion{}, err
	}
	v := store.FlowVersion{FlowID: id, TenantID: tenantID, Version: f.PublishedVersion + 1, Source: f.Draft, CreatedBy: createdBy, CreatedAt: at}
	if _, err := q.c.exec(ctx, `INSERT INTO flow_versions (flow_id, tenant_id, version, source, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		v.FlowID, v.TenantID, v.Version, v.Source, v.CreatedBy, ms(at)); err != nil {
		return v, err
	}
	_, err = q.c.exec(ctx, `UPDATE flows SET published_version = $3, trigger_on = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2`,
		tenantID, id, v.Version, triggerOn, ms(at))
	return v, err
}

const versionCols = `flow_id, tenant_id, version, source, created_by, created_at`

func scanVersion(r row) (store.FlowVersion, error) {
	var v store.FlowVersion
	var created int64
	err := r.Scan(&v.FlowID, &v.TenantID, &v.Version, &v.Source, &v.CreatedBy, &created)
	v.CreatedAt = fromMS(created)
	return v, err
}

func (q queries) GetFlowVersion(ctx context.Context, tenantID, flowID string, version int) (store.FlowVersion, error) {
	return scanVersion(q.c.queryRow(ctx, `SELECT `+versionCols+` FROM flow_versions WHERE tenant_id = $1 AND flow_id = $2 AND version = $3`,
		tenantID, flowID, version))
}

func (q queries) ListFlowVersions(ctx context.Context, tenantID, flowID string) ([]store.FlowVersion, error) {
	r, err := q.c.query(ctx, `SELECT `+versionCols+` FROM flow_versions WHERE tenant_id = $1 AND flow_id = $2 ORDER BY version DESC`, tenantID, flowID)
	return collect(r, err, func(r rows) (store.FlowVersion, error) { return scanVersion(r) })
}
