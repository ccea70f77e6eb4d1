package sqlstore

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/masteria/masteria/core/store"
)

// ApplyMessageStatus moves an outbound message's status forward only,
// appending the new status to its history. A late report of a step the
// message passed is added to the history if missing (webhooks arrive
// unordered: a read often overtakes its delivered).
func (q queries) ApplyMessageStatus(ctx context.Context, tenantID, providerID string, c store.StatusChange) (store.Message, store.StatusApplied, error) {
	m, err := scanMessage(q.c.queryRow(ctx, `UPDATE messages SET status = $3, status_rank = $4, status_at = $5,
			error = CASE WHEN $6 = '' THEN error ELSE $6 END
		WHERE tenant_id = $1 AND provider_message_id = $2 AND direction = 'out' AND status_rank < $4 AND status_rank <= $7
		RETURNING `+msgCols, tenantID, providerID, c.Status, c.Rank, ms(c.At), c.Error, c.MaxFrom))
	if err == nil {
		return m, store.StatusMoved, q.appendStatuses(ctx, []statusEntry{entryOf(tenantID, m.ID, c)})
	}
	if err != store.ErrNotFound {
		return m, store.StatusIgnored, err
	}
	m, err = q.MessageByProviderID(ctx, tenantID, providerID)
	if err != nil || !fillsPassedStep(m, c) {
		return m, store.StatusIgnored, err
	}
	n, err := q.c.exec(ctx, `INSERT INTO message_statuses (tenant_id, message_id, status, error, at) VALUES ($1, $2, $3, '', $4)
		ON CONFLICT (message_id, status) DO NOTHING`, tenantID, m.ID, c.Status, ms(c.At))
	if err != nil || n == 0 {
		return m, store.StatusIgnored, err
	}
	return m, store.StatusFilled, nil
}

// fillsPassedStep says whether c, refused by m, reports a step m has
// passed: sent or delivered once m is further on, read unless m failed
// (read never comes before failed).
func fillsPassedStep(m store.Message, c store.StatusChange) bool {
	rank := store.StatusRanks[m.Status]
	if m.Status == "failed" {
		rank = store.StatusRanks["delivered"] + 1
	}
	return m.Direction == "out" && c.Status != "failed" && c.Rank > 0 && c.Rank < rank
}

// SetMessageSent attaches the provider's ID (an empty one keeps the
// stored ID: a failed send has none) and moves the status forward, with
// its error (why the send failed), appending it to the history. When the
// status is not forward (a report got there first) it attaches the ID
// alone.
func (q queries) SetMessageSent(ctx context.Context, tenantID, id, providerID string, c store.StatusChange) error {
	err := q.c.queryRow(ctx, `UPDATE messages SET provider_message_id = COALESCE($3, provider_message_id),
			status = $4, status_rank = $5, status_at = $6, error = CASE WHEN $7 = '' THEN error ELSE $7 END
		WHERE tenant_id = $1 AND id = $2 AND status_rank < $5 RETURNING id`,
		tenantID, id, nullable(providerID), c.Status, c.Rank, ms(c.At), c.Error).Scan(new(string))
	if err == nil {
		return q.appendStatuses(ctx, []statusEntry{entryOf(tenantID, id, c)})
	}
	if err != store.ErrNotFound {
		return err
	}
	return notFoundIfNone(q.c.exec(ctx, `UPDATE messages SET provider_message_id = COALESCE($3, provider_message_id)
		WHERE tenant_id = $1 AND id = $2`, tenantID, id, nullable(providerID)))
}

// SetMessageExtra replaces the extra of the tenant's message id.
func (q queries) SetMessageExtra(ctx context.Context, tenantID, id string, extra json.RawMessage) error {
	return notFoundIfNone(q.c.exec(ctx, `UPDATE messages SET extra = $3 WHERE tenant_id = $1 AND id = $2`,
		tenantID, id, string(extra)))
}

// statusEntry is a row of message_statuses (migration 0013 on SQLite,
// 0011 on Postgres): one status change a message took.
type statusEntry struct {
	tenantID, messageID string
	store.MessageStatus
}

func entryOf(tenantID, messageID string, c store.StatusChange) statusEntry {
	return statusEntry{tenantID, messageID, store.MessageStatus{Status: c.Status, At: c.At, Error: c.Error}}
}

// insertedStatuses are the history entries of the messages InsertMessages
// stored with a status past pending (a flow's message, sent already).
func insertedStatuses(ms []store.Message, inserted []bool) []statusEntry {
	var es []statusEntry
	for i, m := range ms {
		if inserted[i] && store.StatusRanks[m.Status] > 0 {
			es = append(es, statusEntry{m.TenantID, m.ID, store.MessageStatus{Status: m.Status, At: m.StatusAt, Error: m.Error}})
		}
	}
	return es
}

// appendStatuses adds es to their messages' histories, in order.
func (q queries) appendStatuses(ctx context.Context, es []statusEntry) error {
	for start, n := range spans(len(es), 16) {
		var s sqlb
		s.add(`INSERT INTO message_statuses (tenant_id, message_id, status, error, at) VALUES `)
		for i, e := range es[start : start+n] {
			if i > 0 {
				s.add(", ")
			}
			s.add("(", s.values([]any{e.tenantID, e.messageID, e.Status, e.Error, ms(e.At)}), ")")
		}
		s.add(` ON CONFLICT (message_id, status) DO NOTHING`) // a step is taken once
		if _, err := q.c.exec(ctx, s.String(), s.args...); err != nil {
			return err
		}
	}
	return nil
}

// MessageStatuses reads the histories of a page of messages in one query.
func (q queries) MessageStatuses(ctx context.Context, tenantID string, messageIDs []string) (map[string][]store.MessageStatus, error) {
	out := map[string][]store.MessageStatus{}
	if len(messageIDs) == 0 {
		return out, nil
	}
	var s sqlb
	s.add(`SELECT message_id, status, error, at FROM message_statuses WHERE tenant_id = `, s.arg(tenantID),
		` AND message_id IN (`, s.placeholders(padded(messageIDs)), `) ORDER BY seq`)
	r, err := q.c.query(ctx, s.String(), s.args...)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	for r.Next() {
		var id string
		var e store.MessageStatus
		var at int64
		if err := r.Scan(&id, &e.Status, &e.Error, &at); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		out[id] = append(out[id], e)
	}
	for _, h := range out { // a late report filled in sorts to its step
		slices.SortStableFunc(h, func(a, b store.MessageStatus) int { return store.StatusRanks[a.Status] - store.StatusRanks[b.Status] })
	}
	return out, r.Err()
}
