package sqlstore

import (
	"context"
	"encoding/json"

	"github.com/masteria/masteria/core/store"
)

const sendCols = `id, tenant_id, campaign_id, round, contact_id, step, via, channel, address, sender, portfolio,
	time_zone, payload, body_hash, status, rank, attempts, in_flight, next_at, lease_owner, lease_until,
	provider_message_id, error_code, error, resolution, queued_at, claimed_at, sent_at, delivered_at,
	read_at, replied_at, failed_at, opted_out_at, updated_at`

// sendInsertCols are the columns a new row sets; the rest take defaults.
const sendInsertCols = `id, tenant_id, campaign_id, round, contact_id, step, via, channel, address, sender, portfolio,
	time_zone, payload, body_hash, status, rank, next_at, error_code, error, queued_at, updated_at`

func scanSend(r row) (store.Send, error) {
	var s store.Send
	var payload string
	var provider *string
	var next, lease, queued, updated int64
	var claimed, sent, delivered, read, replied, failed, opted *int64
	var rank int
	err := r.Scan(&s.ID, &s.TenantID, &s.CampaignID, &s.Round, &s.ContactID, &s.Step, &s.Via, &s.Channel, &s.Address,
		&s.Sender, &s.Portfolio, &s.TimeZone, &payload, &s.BodyHash, &s.Status, &rank, &s.Attempts, &s.InFlight,
		&next, &s.LeaseOwner, &lease, &provider, &s.ErrorCode, &s.Error, &s.Resolution, &queued, &claimed, &sent,
		&delivered, &read, &replied, &failed, &opted, &updated)
	s.Payload, s.ProviderMessageID = json.RawMessage(payload), deref(provider)
	s.NextAt, s.LeaseUntil, s.QueuedAt, s.UpdatedAt = fromMS(next), fromMS(lease), fromMS(queued), fromMS(updated)
	s.ClaimedAt, s.SentAt, s.DeliveredAt, s.ReadAt = fromNullMS(claimed), fromNullMS(sent), fromNullMS(delivered), fromNullMS(read)
	s.RepliedAt, s.FailedAt, s.OptedOutAt = fromNullMS(replied), fromNullMS(failed), fromNullMS(opted)
	return s, err
}

func sendInsertArgs(s store.Send) []any {
	payload := string(s.Payload)
	if payload == "" {
		payload = "{}"
	}
	return []any{s.ID, s.TenantID, s.CampaignID, s.Round, s.ContactID, s.Step, s.Via, s.Channel, s.Address, s.Sender,
		s.Portfolio, s.TimeZone, payload, s.BodyHash, s.Status, store.SendRanks[s.Status], ms(s.NextAt), s.ErrorCode,
		s.Error, ms(s.QueuedAt), ms(s.QueuedAt)}
}

// InsertSends writes rows 100 to a statement, skipping existing keys.
func (q queries) InsertSends(ctx context.Context, sends []store.Send) (int64, error) {
	const per = 100
	var added int64
	for start := 0; start < len(sends); start += per {
		s := newBulk(q.dialect)
		s.add(`INSERT INTO campaign_sends (`, sendInsertCols, `) VALUES `)
		for i, row := range sends[start:min(start+per, len(sends))] {
			if i > 0 {
				s.add(", ")
			}
			s.add("(", s.list(sendInsertArgs(row)...), ")")
		}
		n, err := q.c.exec(ctx, s.String()+` ON CONFLICT (campaign_id, round, contact_id, step) DO NOTHING`, s.args...)
		if err != nil {
			return added, err
		}
		added += n
	}
	return added, nil
}

func (q queries) GetSend(ctx context.Context, tenantID, id string) (store.Send, error) {
	return scanSend(q.c.queryRow(ctx, `SELECT `+sendCols+` FROM campaign_sends WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) SendByKey(ctx context.Context, tenantID, campaignID string, round int, contactID, step string) (store.Send, error) {
	return scanSend(q.c.queryRow(ctx, `SELECT `+sendCols+` FROM campaign_sends WHERE tenant_id = $1 AND campaign_id = $2
		AND round = $3 AND contact_id = $4 AND step = $5`, tenantID, campaignID, round, contactID, step))
}

var sendOrder = keyset{keys: []sortKey{{"id", false}}}

// ListSends pages a campaign's rows (or a tenant's) in ID order.
func (q queries) ListSends(ctx context.Context, tenantID string, f store.SendFilter) ([]store.Send, string, error) {
	var s sqlb
	s.add(`SELECT `, sendCols, ` FROM campaign_sends WHERE tenant_id = `, s.arg(tenantID))
	for col, v := range map[string]string{"campaign_id": f.CampaignID, "status": f.Status, "contact_id": f.ContactID,
		"step": f.Step, "error_code": f.ErrorCode} {
		if v != "" {
			s.add(` AND `, col, ` = `, s.arg(v))
		}
	}
	if f.Round > 0 {
		s.add(` AND round = `, s.arg(f.Round))
	}
	if err := sendOrder.where(&s, f.Cursor); err != nil {
		return nil, "", err
	}
	n := limit(f.Limit, 100, 1000)
	sendOrder.orderBy(&s, n)
	r, err := q.c.query(ctx, s.String(), s.args...)
	items, err := collect(r, err, func(r rows) (store.Send, error) { return scanSend(r) })
	if err != nil {
		return nil, "", err
	}
	items, next := page(items, n, func(x store.Send) []any { return []any{x.ID} })
	return items, next, nil
}

// CampaignCounts tallies the ledger per step with one scan, steps in the
// order they were first reached (a cadence's in flow order).
func (q queries) CampaignCounts(ctx context.Context, tenantID, campaignID string) ([]store.StepCounts, error) {
	r, err := q.c.query(ctx, `SELECT step, COUNT(*),
		SUM(CASE WHEN status = 'queued' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'ambiguous' THEN 1 ELSE 0 END),
		SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN delivered_at IS NOT NULL OR read_at IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN read_at IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN replied_at IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'suppressed' THEN 1 ELSE 0 END),
		SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END), SUM(CASE WHEN opted_out_at IS NOT NULL THEN 1 ELSE 0 END)
		FROM campaign_sends WHERE tenant_id = $1 AND campaign_id = $2 GROUP BY step ORDER BY MIN(queued_at), step`, tenantID, campaignID)
	steps, err := collect(r, err, func(r rows) (store.StepCounts, error) {
		var c store.StepCounts
		err := r.Scan(&c.Step, &c.Total, &c.Queued, &c.Ambiguous, &c.Sent, &c.Delivered, &c.Read, &c.Replied,
			&c.Failed, &c.Suppressed, &c.Cancelled, &c.OptedOut)
		c.Reasons = map[string]int64{}
		return c, err
	})
	if err != nil {
		return nil, err
	}
	return steps, q.addReasons(ctx, tenantID, campaignID, steps)
}

// addReasons fills each step's failure and suppression counts by code.
func (q queries) addReasons(ctx context.Context, tenantID, campaignID string, steps []store.StepCounts) error {
	r, err := q.c.query(ctx, `SELECT step, error_code, COUNT(*) FROM campaign_sends WHERE tenant_id = $1 AND campaign_id = $2
		AND status IN ('failed', 'suppressed', 'ambiguous') GROUP BY step, error_code`, tenantID, campaignID)
	type reason struct {
		step, code string
		n          int64
	}
	rs, err := collect(r, err, func(r rows) (reason, error) {
		var x reason
		return x, r.Scan(&x.step, &x.code, &x.n)
	})
	for _, x := range rs {
		for i := range steps {
			if steps[i].Step == x.step {
				steps[i].Reasons[x.code] = x.n
			}
		}
	}
	return err
}
