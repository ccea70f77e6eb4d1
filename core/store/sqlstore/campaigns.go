package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/masteria/masteria/core/store"
)

const campaignCols = `id, tenant_id, name, kind, channel, spec, status, reason, round, next_at, enqueued, cursor,
	audience, excluded, lease_owner, lease_until, rev, created_by, created_at, updated_at, started_at, finished_at,
	reason_code, reason_params`

func scanCampaign(r row) (store.Campaign, error) {
	var c store.Campaign
	var spec, excluded, params string
	var next, started, finished *int64
	var enqueued int
	var lease, created, updated int64
	err := r.Scan(&c.ID, &c.TenantID, &c.Name, &c.Kind, &c.Channel, &spec, &c.Status, &c.Reason, &c.Round, &next,
		&enqueued, &c.Cursor, &c.Audience, &excluded, &c.LeaseOwner, &lease, &c.Rev, &c.CreatedBy, &created, &updated,
		&started, &finished, &c.ReasonCode, &params)
	if err != nil {
		return c, err
	}
	if params != "" {
		if err := json.Unmarshal([]byte(params), &c.ReasonParams); err != nil {
			return c, err
		}
	}
	c.Spec, c.Enqueued = json.RawMessage(spec), enqueued == 1
	c.NextAt, c.StartedAt, c.FinishedAt = fromNullMS(next), fromNullMS(started), fromNullMS(finished)
	c.LeaseUntil, c.CreatedAt, c.UpdatedAt = fromMS(lease), fromMS(created), fromMS(updated)
	return c, json.Unmarshal([]byte(excluded), &c.Excluded)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// reasonParamsJSON is a reason's params as stored: "" for none.
func reasonParamsJSON(m map[string]any) (string, error) {
	if len(m) == 0 {
		return "", nil
	}
	raw, err := json.Marshal(m)
	return string(raw), err
}

func excludedJSON(m map[string]int64) string {
	if m == nil {
		return "{}"
	}
	raw, _ := json.Marshal(m)
	return string(raw)
}

func (q queries) CreateCampaign(ctx context.Context, c store.Campaign) error {
	params, err := reasonParamsJSON(c.ReasonParams)
	if err != nil {
		return err
	}
	_, err = q.c.exec(ctx, `INSERT INTO campaigns (`+campaignCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
		$11, $12, $13, $14, $15, $16, 0, $17, $18, $19, $20, $21, $22, $23)`,
		c.ID, c.TenantID, c.Name, c.Kind, c.Channel, string(c.Spec), c.Status, c.Reason, c.Round, nullMS(c.NextAt),
		boolInt(c.Enqueued), c.Cursor, c.Audience, excludedJSON(c.Excluded), c.LeaseOwner, ms(c.LeaseUntil),
		c.CreatedBy, ms(c.CreatedAt), ms(c.UpdatedAt), nullMS(c.StartedAt), nullMS(c.FinishedAt), c.ReasonCode, params)
	return err
}

func (q queries) GetCampaign(ctx context.Context, tenantID, id string) (store.Campaign, error) {
	return scanCampaign(q.c.queryRow(ctx, `SELECT `+campaignCols+` FROM campaigns WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

// ListCampaigns lists newest first.
func (q queries) ListCampaigns(ctx context.Context, tenantID string) ([]store.Campaign, error) {
	r, err := q.c.query(ctx, `SELECT `+campaignCols+` FROM campaigns WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC`, tenantID)
	return collect(r, err, func(r rows) (store.Campaign, error) { return scanCampaign(r) })
}

func (q queries) SaveCampaign(ctx context.Context, c store.Campaign) error {
	params, err := reasonParamsJSON(c.ReasonParams)
	if err != nil {
		return err
	}
	n, err := q.c.exec(ctx, `UPDATE campaigns SET name = $4, kind = $5, channel = $6, spec = $7, status = $8, reason = $9,
		round = $10, next_at = $11, enqueued = $12, cursor = $13, audience = $14, excluded = $15,
		updated_at = $16, started_at = $17, finished_at = $18, reason_code = $19, reason_params = $20, rev = rev + 1
		WHERE tenant_id = $1 AND id = $2 AND rev = $3`,
		c.TenantID, c.ID, c.Rev, c.Name, c.Kind, c.Channel, string(c.Spec), c.Status, c.Reason, c.Round, nullMS(c.NextAt),
		boolInt(c.Enqueued), c.Cursor, c.Audience, excludedJSON(c.Excluded),
		ms(c.UpdatedAt), nullMS(c.StartedAt), nullMS(c.FinishedAt), c.ReasonCode, params)
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := q.GetCampaign(ctx, c.TenantID, c.ID); err != nil {
			return err
		}
		return store.ErrConflict
	}
	return nil
}

func (q queries) DeleteCampaign(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM campaigns WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

// DueCampaigns lists scheduled campaigns due by now and running ones.
func (db *DB) DueCampaigns(ctx context.Context, now time.Time) ([]store.Campaign, error) {
	r, err := db.c.query(ctx, `SELECT `+campaignCols+` FROM campaigns
		WHERE (status = 'scheduled' AND next_at <= $1) OR status = 'running' ORDER BY next_at, id`, ms(now))
	return collect(r, err, func(r rows) (store.Campaign, error) { return scanCampaign(r) })
}

// LeaseCampaign takes the campaign row for owner if it is free or theirs.
// The lease is not part of rev: holding it does not conflict with edits.
func (db *DB) LeaseCampaign(ctx context.Context, tenantID, id, owner string, now, until time.Time) (bool, error) {
	n, err := db.c.exec(ctx, `UPDATE campaigns SET lease_owner = $3, lease_until = $4
		WHERE tenant_id = $1 AND id = $2 AND (lease_until < $5 OR lease_owner = $3)`, tenantID, id, owner, ms(until), ms(now))
	return n == 1, err
}
