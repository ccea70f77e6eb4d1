package sqlstore

import (
	"context"

	"github.com/masteria/masteria/core/store"
)

const importCols = `id, tenant_id, status, options, source, total, processed, created, updated, errors, message,
	created_by, created_at, finished_at`

func (q queries) CreateImport(ctx context.Context, j store.ImportJob) error {
	_, err := q.c.exec(ctx, `INSERT INTO contact_imports (id, tenant_id, status, options, source, errors, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, '[]', $6, $7)`,
		j.ID, j.TenantID, j.Status, string(j.Options), j.Source, j.CreatedBy, ms(j.CreatedAt))
	return err
}

func scanImport(r row) (store.ImportJob, error) {
	var j store.ImportJob
	var opts, errs string
	var created int64
	var finished *int64
	err := r.Scan(&j.ID, &j.TenantID, &j.Status, &opts, &j.Source, &j.Total, &j.Processed, &j.Created, &j.Updated,
		&errs, &j.Message, &j.CreatedBy, &created, &finished)
	j.Options, j.Errors = []byte(opts), []byte(errs)
	j.CreatedAt, j.FinishedAt = fromMS(created), fromNullMS(finished)
	return j, err
}

func (q queries) GetImport(ctx context.Context, tenantID, id string) (store.ImportJob, error) {
	return scanImport(q.c.queryRow(ctx, `SELECT `+importCols+` FROM contact_imports WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) UpdateImport(ctx context.Context, j store.ImportJob) error {
	var finished any
	if j.FinishedAt != nil {
		finished = ms(*j.FinishedAt)
	}
	errs := string(j.Errors)
	if errs == "" {
		errs = "[]"
	}
	return notFoundIfNone(q.c.exec(ctx, `UPDATE contact_imports SET status = $3, total = $4, processed = $5, created = $6,
		updated = $7, errors = $8, message = $9, finished_at = $10 WHERE tenant_id = $1 AND id = $2`,
		j.TenantID, j.ID, j.Status, j.Total, j.Processed, j.Created, j.Updated, errs, j.Message, finished))
}

func (q queries) UnfinishedImports(ctx context.Context) ([]store.ImportJob, error) {
	r, err := q.c.query(ctx, `SELECT `+importCols+` FROM contact_imports WHERE status NOT IN ('done', 'failed') ORDER BY created_at, id`)
	return collect(r, err, func(r rows) (store.ImportJob, error) { return scanImport(r) })
}
