package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/masteria/masteria/core/store"
)

// statusColumns are the time columns a provider status stamps.
var statusColumns = map[string]string{
	store.SendSent: "sent_at", store.SendDelivered: "delivered_at", store.SendRead: "read_at", store.SendFailed: "failed_at",
}

// ApplySendStatus moves a sent row forward on a provider's report. The
// status's time column is stamped even when the rank does not move (a
// late "delivered" after "read"), so the funnel counts it.
func (q queries) ApplySendStatus(ctx context.Context, tenantID, providerID string, c store.StatusChange, code string) (store.Send, bool, error) {
	col, ok := statusColumns[c.Status]
	if !ok {
		return store.Send{}, false, fmt.Errorf("ledger: %q is not a provider status", c.Status)
	}
	s, err := scanSend(q.c.queryRow(ctx, `UPDATE campaign_sends SET status = $3, rank = $4, `+col+` = COALESCE(`+col+`, $5),
		error_code = CASE WHEN $6 = '' THEN error_code ELSE $6 END, error = CASE WHEN $7 = '' THEN error ELSE $7 END,
		updated_at = $5 WHERE tenant_id = $1 AND provider_message_id = $2 AND rank <= $8 AND rank < $4 RETURNING `+sendCols,
		tenantID, providerID, c.Status, c.Rank, ms(c.At), code, c.Error, c.MaxFrom))
	if err == nil {
		return s, true, nil
	}
	if err != store.ErrNotFound {
		return s, false, err
	}
	_, _ = q.c.exec(ctx, `UPDATE campaign_sends SET `+col+` = $3 WHERE tenant_id = $1 AND provider_message_id = $2
		AND `+col+` IS NULL AND $4 <> 'failed' AND status <> 'failed'`, tenantID, providerID, ms(c.At), c.Status)
	s, err = scanSend(q.c.queryRow(ctx, `SELECT `+sendCols+` FROM campaign_sends WHERE tenant_id = $1 AND provider_message_id = $2`,
		tenantID, providerID))
	return s, false, err
}

// SendIDs looks the provider message IDs up in one query.
func (q queries) SendIDs(ctx context.Context, tenantID string, providerIDs []string) (map[string]string, error) {
	out := map[string]string{}
	if len(providerIDs) == 0 {
		return out, nil
	}
	var s sqlb
	s.add(planEach+`SELECT provider_message_id, id FROM campaign_sends WHERE tenant_id = `, s.arg(tenantID),
		` AND provider_message_id IN (`, s.placeholders(padded(providerIDs)), `)`)
	r, err := q.c.query(ctx, s.String(), s.args...)
	pairs, err := collect(r, err, func(r rows) ([2]string, error) {
		var p [2]string
		return p, r.Scan(&p[0], &p[1])
	})
	for _, p := range pairs {
		out[p[0]] = p[1]
	}
	return out, err
}

// AdoptProviderID gives an unresolved attempt the provider's message ID.
// ErrConflict means only attempts still in flight match: the report may
// be early, so it is worth redelivering.
func (q queries) AdoptProviderID(ctx context.Context, tenantID string, addresses []string, providerID string, at time.Time) (store.Send, bool, error) {
	var b sqlb
	b.add(`SELECT id, status, in_flight FROM campaign_sends WHERE tenant_id = `, b.arg(tenantID), ` AND in_flight > 0 AND address IN (`,
		b.placeholders(addresses), `) AND status IN ('queued', 'ambiguous') LIMIT 10`)
	r, err := q.c.query(ctx, b.String(), b.args...)
	type cand struct {
		id, status string
		inFlight   int
	}
	cands, err := collect(r, err, func(r rows) (cand, error) {
		var x cand
		return x, r.Scan(&x.id, &x.status, &x.inFlight)
	})
	if err != nil {
		return store.Send{}, false, err
	}
	var unknown []string
	for _, c := range cands {
		if c.status == store.SendAmbiguous || c.inFlight > 1 {
			unknown = append(unknown, c.id)
		}
	}
	switch {
	case len(unknown) != 1 && len(cands) > 0:
		return store.Send{}, false, store.ErrConflict
	case len(unknown) != 1:
		return store.Send{}, false, nil
	}
	s, err := scanSend(q.c.queryRow(ctx, `UPDATE campaign_sends SET status = 'sent', rank = 2, provider_message_id = $3,
		sent_at = $4, in_flight = 0, `+clearLease+`, resolution = 'adopted: a provider status report named this attempt',
		updated_at = $4 WHERE tenant_id = $1 AND id = $2 AND rank <= 1 RETURNING `+sendCols, tenantID, unknown[0], providerID, ms(at)))
	if err == store.ErrNotFound {
		return s, false, nil
	}
	return s, err == nil, err
}

// contactMarks are the columns MarkContactSends may stamp.
var contactMarks = map[string]bool{"replied_at": true, "opted_out_at": true}

// MarkContactSends stamps a funnel column on a contact's recent sends.
// It looks before it writes: every inbound message asks, most senders
// were sent nothing, and on SQLite an UPDATE takes the one write lock even
// when no row matches, queueing behind (and delaying) the inbox's commits.
func (q queries) MarkContactSends(ctx context.Context, tenantID, contactID, column string, since, at time.Time) ([]store.Send, error) {
	if !contactMarks[column] {
		return nil, fmt.Errorf("ledger: cannot mark %q", column)
	}
	const unmarked = ` WHERE tenant_id = $1 AND contact_id = $2 AND sent_at >= $3 AND `
	var found int64
	err := q.c.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM campaign_sends`+unmarked+column+` IS NULL LIMIT 1) x`,
		tenantID, contactID, ms(since)).Scan(&found)
	if err != nil || found == 0 {
		return nil, err
	}
	r, err := q.c.query(ctx, `UPDATE campaign_sends SET `+column+` = $4, updated_at = $4`+unmarked+column+` IS NULL RETURNING `+sendCols,
		tenantID, contactID, ms(since), ms(at))
	return collect(r, err, func(r rows) (store.Send, error) { return scanSend(r) })
}

// ContactsToMark asks for a batch of contacts at once.
func (q queries) ContactsToMark(ctx context.Context, tenantID, column string, since time.Time, contactIDs []string) (map[string]bool, error) {
	if !contactMarks[column] {
		return nil, fmt.Errorf("ledger: cannot mark %q", column)
	}
	out := map[string]bool{}
	if len(contactIDs) == 0 {
		return out, nil
	}
	var s sqlb
	s.add(planEach+`SELECT DISTINCT contact_id FROM campaign_sends WHERE tenant_id = `, s.arg(tenantID),
		` AND contact_id IN (`, s.placeholders(padded(contactIDs)), `) AND sent_at >= `, s.arg(ms(since)), ` AND `+column+` IS NULL`)
	r, err := q.c.query(ctx, s.String(), s.args...)
	ids, err := collect(r, err, func(r rows) (string, error) {
		var id string
		return id, r.Scan(&id)
	})
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// LockSends reads the sends' statuses (FOR UPDATE on Postgres; SQLite's
// transaction holds the one write lock already). Not ORDER BY on SQLite:
// it would walk every send in key order instead of looking the IDs up.
func (q queries) LockSends(ctx context.Context, tenantID string, ids []string) ([]store.Send, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	tenant := "tenant_id"
	if q.dialect == SQLite {
		tenant = "+tenant_id" // not by an index on tenant_id: SQLite's planner, without statistics, may walk the tenant's sends
	}
	var s sqlb
	s.add(planEach+`SELECT id, status, provider_message_id, error_code, error, sent_at, delivered_at, read_at, failed_at
		FROM campaign_sends WHERE id IN (`, s.placeholders(padded(ids)), `) AND `+tenant+` = `, s.arg(tenantID))
	if q.dialect == Postgres {
		s.add(` ORDER BY id FOR UPDATE`) // locks taken in one order: two postings cannot deadlock
	}
	r, err := q.c.query(ctx, s.String(), s.args...)
	return collect(r, err, func(r rows) (store.Send, error) {
		var x store.Send
		var provider *string
		var sent, delivered, read, failed *int64
		err := r.Scan(&x.ID, &x.Status, &provider, &x.ErrorCode, &x.Error, &sent, &delivered, &read, &failed)
		x.TenantID, x.ProviderMessageID = tenantID, deref(provider)
		x.SentAt, x.DeliveredAt, x.ReadAt, x.FailedAt = fromNullMS(sent), fromNullMS(delivered), fromNullMS(read), fromNullMS(failed)
		return x, err
	})
}

// CancelQueuedSends cancels queued rows with nothing in flight. Rows in
// flight are left to record their outcome, or, when their attempt died,
// to be settled by the dispatcher (ClaimSends still takes them).
func (q queries) CancelQueuedSends(ctx context.Context, tenantID, campaignID string, at time.Time) (int64, error) {
	n, err := q.c.exec(ctx, `UPDATE campaign_sends SET status = 'cancelled', rank = 5, updated_at = $3
		WHERE tenant_id = $1 AND campaign_id = $2 AND status = 'queued' AND in_flight = 0`, tenantID, campaignID, ms(at))
	if err != nil {
		return n, err
	}
	return n, err
}

// CadenceActive looks for one unfinished run the campaign started.
func (q queries) CadenceActive(ctx context.Context, tenantID, campaignID, flowID string) (bool, error) {
	var n int64
	err := q.c.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM campaign_sends s JOIN runs r
		ON r.flow_id = $3 AND r.trigger_key = 'campaign:' || s.id
		WHERE s.tenant_id = $1 AND s.campaign_id = $2 AND s.status = 'sent' AND r.status IN ('ready', 'waiting') LIMIT 1) x`,
		tenantID, campaignID, flowID).Scan(&n)
	return n > 0, err
}

// ReachedSince lists each address a portfolio reached since, first time.
func (q queries) ReachedSince(ctx context.Context, tenantID, portfolio string, since time.Time) (map[string]time.Time, error) {
	r, err := q.c.query(ctx, `SELECT address, MIN(sent_at) FROM campaign_sends WHERE tenant_id = $1 AND portfolio = $2
		AND sent_at >= $3 GROUP BY address`, tenantID, portfolio, ms(since))
	type reach struct {
		addr string
		at   int64
	}
	rs, err := collect(r, err, func(r rows) (reach, error) {
		var x reach
		return x, r.Scan(&x.addr, &x.at)
	})
	out := make(map[string]time.Time, len(rs))
	for _, x := range rs {
		out[x.addr] = fromMS(x.at)
	}
	return out, err
}

// GuardSMS takes or refreshes the pair's hold in one atomic upsert.
func (q queries) GuardSMS(ctx context.Context, tenantID, address, bodyHash, owner string, at, cutoff time.Time) (bool, error) {
	var got string
	err := q.c.queryRow(ctx, `INSERT INTO sms_guard (tenant_id, address, body_hash, owner, at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (tenant_id, address, body_hash) DO UPDATE SET owner = excluded.owner, at = excluded.at
		WHERE sms_guard.at < $6 OR sms_guard.owner = excluded.owner RETURNING owner`,
		tenantID, address, bodyHash, owner, ms(at), ms(cutoff)).Scan(&got)
	if err == store.ErrNotFound {
		return false, nil
	}
	return err == nil, err
}

func (q queries) ReleaseSMSGuard(ctx context.Context, tenantID, address, bodyHash, owner string) error {
	_, err := q.c.exec(ctx, `DELETE FROM sms_guard WHERE tenant_id = $1 AND address = $2 AND body_hash = $3 AND owner = $4`,
		tenantID, address, bodyHash, owner)
	return err
}
