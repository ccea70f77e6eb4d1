package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/masteria/masteria/core/store"
)

// ClaimSends leases due dispatch rows of running campaigns, and rows of
// cancelled ones whose attempt died in flight (to settle them). A leased
// row's next_at moves to its lease's end, so the next claim's index scan
// does not wade through rows in flight. Postgres skips
// rows another instance is claiming; on SQLite the write lock makes the
// claim exclusive.
func (db *DB) ClaimSends(ctx context.Context, owner string, now, until time.Time, limit int) ([]store.Send, error) {
	pick := `SELECT s.id FROM campaign_sends s WHERE s.status = 'queued' AND s.via = 'dispatch' AND s.next_at <= $3
		AND s.lease_until < $3 AND (s.campaign_id IN (SELECT id FROM campaigns WHERE status = 'running')
		OR s.in_flight > 0 AND s.campaign_id IN (SELECT id FROM campaigns WHERE status = 'cancelled'))
		ORDER BY s.next_at LIMIT $4`
	if db.dialect == Postgres {
		pick += ` FOR UPDATE OF s SKIP LOCKED`
	}
	var out []store.Send
	err := db.rawTx(ctx, func(c conn) error {
		r, err := c.query(ctx, `UPDATE campaign_sends SET lease_owner = $1, lease_until = $2, next_at = $2, attempts = attempts + 1,
			in_flight = in_flight + 1, claimed_at = $3, updated_at = $3 WHERE id IN (`+pick+`) RETURNING `+sendCols,
			owner, ms(until), ms(now), limit)
		out, err = collect(r, err, func(r rows) (store.Send, error) { return scanSend(r) })
		return err
	})
	return out, err
}

// ClaimSend claims a run-driven row for the run executing its step.
func (q queries) ClaimSend(ctx context.Context, tenantID, id, owner string, now time.Time) (store.Send, error) {
	s, err := scanSend(q.c.queryRow(ctx, `UPDATE campaign_sends SET lease_owner = $3, attempts = attempts + 1,
		in_flight = in_flight + 1, claimed_at = $4, updated_at = $4 WHERE tenant_id = $1 AND id = $2 AND status = 'queued'
		RETURNING `+sendCols, tenantID, id, owner, ms(now)))
	if err == store.ErrNotFound {
		return q.GetSend(ctx, tenantID, id)
	}
	return s, err
}

const clearLease = `lease_owner = '', lease_until = 0`

// requeue puts a row whose attempt is settled back in the queue, or, when
// its campaign was cancelled meanwhile, cancels it: a cancel never misses
// a row that was in flight while it ran.
const requeue = `status = CASE WHEN ` + cancelled + ` THEN 'cancelled' ELSE 'queued' END,
	rank = CASE WHEN ` + cancelled + ` THEN 5 ELSE 0 END`

const cancelled = `EXISTS (SELECT 1 FROM campaigns c WHERE c.id = campaign_sends.campaign_id AND c.status = 'cancelled')`

// outcomeStatement is the forward-only UPDATE of one outcome; every
// statement's $1 and $2 are the tenant and the row.
func outcomeStatement(o store.SendOutcome) (string, []any, error) {
	at, next := ms(o.At), ms(o.NextAt)
	set, args := "", []any{o.TenantID, o.ID}
	switch o.Kind {
	case store.OutcomeSent:
		set = `status = 'sent', rank = 2, provider_message_id = $3, sent_at = $4, in_flight = 0, ` + clearLease + `,
			error_code = '', error = '', resolution = CASE WHEN $5 = '' THEN resolution ELSE $5 END, updated_at = $4
			WHERE tenant_id = $1 AND id = $2 AND rank <= 1`
		args = append(args, nullable(o.ProviderMessageID), at, o.Resolution)
	case store.OutcomeRetry:
		set = requeue + `, in_flight = 0, ` + clearLease + `, next_at = $3, error_code = $4, error = $5, updated_at = $6
			WHERE tenant_id = $1 AND id = $2 AND status = 'queued'`
		args = append(args, next, o.ErrorCode, o.Error, at)
	case store.OutcomeRelease:
		set = `in_flight = in_flight - 1, attempts = attempts - 1, ` + clearLease + `, next_at = $3, updated_at = $4,
			status = CASE WHEN in_flight = 1 AND ` + cancelled + ` THEN 'cancelled' ELSE 'queued' END,
			rank = CASE WHEN in_flight = 1 AND ` + cancelled + ` THEN 5 ELSE 0 END,
			error = CASE WHEN $5 = '' THEN error ELSE $5 END
			WHERE tenant_id = $1 AND id = $2 AND status = 'queued' AND in_flight > 0`
		args = append(args, next, at, o.Error)
	case store.OutcomeThrottled:
		set = requeue + `, in_flight = 0, attempts = attempts - 1, ` + clearLease + `, next_at = $3, error_code = $4, error = $5, updated_at = $6
			WHERE tenant_id = $1 AND id = $2 AND status = 'queued'`
		args = append(args, next, o.ErrorCode, o.Error, at)
	case store.OutcomeUnknown:
		set = clearLease + `, next_at = $3, error_code = $4, error = $5, updated_at = $6
			WHERE tenant_id = $1 AND id = $2 AND status = 'queued'`
		args = append(args, next, o.ErrorCode, o.Error, at)
	case store.OutcomeFailed:
		set = `status = 'failed', rank = 5, failed_at = $3, in_flight = 0, ` + clearLease + `, error_code = $4, error = $5,
			resolution = CASE WHEN $6 = '' THEN resolution ELSE $6 END, updated_at = $3
			WHERE tenant_id = $1 AND id = $2 AND rank <= 1`
		args = append(args, at, o.ErrorCode, o.Error, o.Resolution)
	case store.OutcomeSuppress:
		set = `status = 'suppressed', rank = 5, in_flight = 0, ` + clearLease + `, error_code = $3, error = $4, updated_at = $5
			WHERE tenant_id = $1 AND id = $2 AND rank = 0`
		args = append(args, o.ErrorCode, o.Error, at)
	case store.OutcomeCancel:
		set = `status = 'cancelled', rank = 5, in_flight = 0, ` + clearLease + `, updated_at = $3
			WHERE tenant_id = $1 AND id = $2 AND rank = 0`
		args = append(args, at)
	case store.OutcomeAmbiguous:
		set = `status = 'ambiguous', rank = 1, ` + clearLease + `, error_code = $3, error = $4, resolution = $5, updated_at = $6
			WHERE tenant_id = $1 AND id = $2 AND rank = 0`
		args = append(args, o.ErrorCode, o.Error, o.Resolution, at)
	default:
		return "", nil, fmt.Errorf("ledger: unknown outcome %q", o.Kind)
	}
	return `UPDATE campaign_sends SET ` + set, args, nil
}

// RecordSends applies outcomes in one transaction: on Postgres as one
// pipelined batch; on SQLite the plain "sent" outcomes (nearly all of a
// campaign) go 100 to a statement, which spares parsing one per row.
func (db *DB) RecordSends(ctx context.Context, outcomes []store.SendOutcome) ([]bool, error) {
	applied := make([]bool, len(outcomes))
	if db.pool == nil {
		return applied, db.rawTx(ctx, func(c conn) error {
			var sent []int
			for i, o := range outcomes {
				if o.Kind == store.OutcomeSent && o.Resolution == "" {
					sent = append(sent, i)
					continue
				}
				sql, args, err := outcomeStatement(o)
				if err != nil {
					return err
				}
				n, err := c.exec(ctx, sql, args...)
				if err != nil {
					return err
				}
				applied[i] = n == 1
			}
			return recordSent(ctx, c, outcomes, sent, applied)
		})
	}
	return applied, pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		batch := &pgx.Batch{}
		for _, o := range outcomes {
			sql, args, err := outcomeStatement(o)
			if err != nil {
				return err
			}
			batch.Queue(sql, args...)
		}
		br := tx.SendBatch(ctx, batch)
		for i := range outcomes {
			tag, err := br.Exec()
			if err != nil {
				br.Close()
				return mapErr(err)
			}
			applied[i] = tag.RowsAffected() == 1
		}
		return br.Close()
	})
}

// recordSent marks many rows sent, 100 to an UPDATE whose CASEs give each
// row its provider message ID and time; RETURNING says which applied.
func recordSent(ctx context.Context, c conn, outcomes []store.SendOutcome, idx []int, applied []bool) error {
	const per = 100
	pos := make(map[string]int, len(idx))
	for start := 0; start < len(idx); start += per {
		chunk := idx[start:min(start+per, len(idx))]
		s := newBulk(SQLite)
		s.add(`UPDATE campaign_sends SET status = 'sent', rank = 2, in_flight = 0, `, clearLease, `, error_code = '', error = '', provider_message_id = CASE id`)
		for _, i := range chunk {
			pos[outcomes[i].ID] = i
			s.add(` WHEN `, s.arg(outcomes[i].ID), ` THEN `, s.arg(nullable(outcomes[i].ProviderMessageID)))
		}
		s.add(` END, sent_at = CASE id`)
		for _, i := range chunk {
			s.add(` WHEN `, s.arg(outcomes[i].ID), ` THEN `, s.arg(ms(outcomes[i].At)))
		}
		s.add(` END, updated_at = `, s.arg(ms(outcomes[chunk[len(chunk)-1]].At)), ` WHERE rank <= 1 AND id IN (`)
		for k, i := range chunk {
			if k > 0 {
				s.add(", ")
			}
			s.add(s.arg(outcomes[i].ID))
		}
		r, err := c.query(ctx, s.String()+`) RETURNING id`, s.args...)
		ids, err := collect(r, err, func(r rows) (string, error) {
			var id string
			return id, r.Scan(&id)
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			applied[pos[id]] = true
		}
	}
	return nil
}

func (db *DB) SetSendCode(ctx context.Context, tenantID, id string, inFlight int, code string) error {
	return notFoundIfNone(db.c.exec(ctx, `UPDATE campaign_sends SET error_code = $4, updated_at = $5
		WHERE tenant_id = $1 AND id = $2 AND status = 'queued' AND in_flight = $3`,
		tenantID, id, inFlight, code, ms(now())))
}

// NextSendDue is when the next queued dispatch row of a running campaign
// becomes claimable.
func (db *DB) NextSendDue(ctx context.Context) (time.Time, error) {
	var next *int64
	err := db.c.queryRow(ctx, `SELECT MIN(CASE WHEN lease_until > next_at THEN lease_until ELSE next_at END)
		FROM campaign_sends WHERE status = 'queued' AND via = 'dispatch'
		AND campaign_id IN (SELECT id FROM campaigns WHERE status = 'running')`).Scan(&next)
	if err != nil || next == nil {
		return time.Time{}, err
	}
	return fromMS(*next), nil
}

// ClearSendLeases drops send and campaign leases (SQLite start-up); a
// leased row is due again at once.
func (db *DB) ClearSendLeases(ctx context.Context) error {
	if _, err := db.c.exec(ctx, `UPDATE campaign_sends SET next_at = COALESCE(claimed_at, next_at), `+clearLease+`
		WHERE lease_until > 0`); err != nil {
		return err
	}
	_, err := db.c.exec(ctx, `UPDATE campaigns SET `+clearLease+` WHERE lease_until > 0`)
	return err
}
