package sqlstore

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/masteria/masteria/core/store"
)

const saveRunSQL = `UPDATE runs SET status = $4, cursor = $5, wait_kind = $6, wait_key = $7, wake_at = $8,
	lease_owner = $9, lease_until = $10, steps = $11, state = $12, error = $13, updated_at = $14, rev = rev + 1
	WHERE tenant_id = $1 AND id = $2 AND rev = $3`

const insertStepSQL = `INSERT INTO run_steps (run_id, seq, tenant_id, step_id, attempt, status, input, output, error,
	idempotency_key, started_at, finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`

func saveRunArgs(r store.Run) []any {
	return []any{r.TenantID, r.ID, r.Rev, r.Status, r.Cursor, r.WaitKind, r.WaitKey, nullMS(r.WakeAt), r.LeaseOwner,
		ms(r.LeaseUntil), r.Steps, string(r.State), r.Error, ms(r.UpdatedAt)}
}

func stepArgs(tenantID string, s store.RunStep) []any {
	return []any{s.RunID, s.Seq, tenantID, s.StepID, s.Attempt, s.Status, s.Input, s.Output, s.Error, s.IdempotencyKey,
		ms(s.StartedAt), ms(s.FinishedAt)}
}

// SaveRuns commits many runs in one transaction. On Postgres every
// statement goes in one pipelined batch (one round trip); a run whose rev
// moved gets ErrConflict and its trace rows are not written.
func (db *DB) SaveRuns(ctx context.Context, saves []store.RunSave) ([]error, error) {
	conflicts := make([]error, len(saves))
	if db.pool == nil {
		err := db.rawTx(ctx, func(c conn) error {
			q := queries{c: c, dialect: db.dialect}
			for i, s := range saves {
				if err := q.SaveRun(ctx, s.Run, s.Trace); err != nil {
					if !errors.Is(err, store.ErrConflict) {
						return err
					}
					conflicts[i] = err
				}
			}
			return nil
		})
		return conflicts, err
	}
	return conflicts, pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if err := db.pgUpdateRuns(ctx, tx, saves, conflicts); err != nil {
			return err
		}
		return db.pgInsertSteps(ctx, tx, saves, conflicts)
	})
}

// pgUpdateRuns sends every run update in one batch and marks conflicts.
func (db *DB) pgUpdateRuns(ctx context.Context, tx pgx.Tx, saves []store.RunSave, conflicts []error) error {
	batch := &pgx.Batch{}
	for _, s := range saves {
		batch.Queue(saveRunSQL, saveRunArgs(s.Run)...)
	}
	br := tx.SendBatch(ctx, batch)
	for i := range saves {
		tag, err := br.Exec()
		if err != nil {
			br.Close()
			return mapErr(err)
		}
		if tag.RowsAffected() == 0 {
			conflicts[i] = store.ErrConflict
		}
	}
	return br.Close()
}

// pgInsertSteps writes the trace rows of the runs that were saved.
func (db *DB) pgInsertSteps(ctx context.Context, tx pgx.Tx, saves []store.RunSave, conflicts []error) error {
	batch := &pgx.Batch{}
	for i, s := range saves {
		if conflicts[i] != nil {
			continue
		}
		for _, step := range s.Trace {
			batch.Queue(insertStepSQL, stepArgs(s.Run.TenantID, step)...)
		}
	}
	if batch.Len() == 0 {
		return nil
	}
	return mapErr(tx.SendBatch(ctx, batch).Close())
}
