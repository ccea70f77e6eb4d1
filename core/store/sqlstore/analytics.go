package sqlstore

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/store"
)

// Outbound statuses the provider accepted, and those it delivered.
const (
	sentStatuses      = `('sent', 'delivered', 'read')`
	deliveredStatuses = `('delivered', 'read')`
)

// AnalyticsOverview reads the overview in a handful of aggregate queries.
func (q queries) AnalyticsOverview(ctx context.Context, tenantID string, r store.AnalyticsRange) (store.Overview, error) {
	var o store.Overview
	var err error
	from, to := ms(r.From), ms(r.To)
	if o.Messages, err = q.messageCounts(ctx, tenantID, from, to); err != nil {
		return o, err
	}
	if o.Days, err = q.dailyMessages(ctx, tenantID, from, to, r.DayOffset); err != nil {
		return o, err
	}
	if o.Response, err = q.responseTime(ctx, tenantID, from, to); err != nil {
		return o, err
	}
	if o.Conversations, err = q.conversationCounts(ctx, tenantID); err != nil {
		return o, err
	}
	o.Stages, err = q.stageCounts(ctx, tenantID)
	return o, err
}

func (q queries) messageCounts(ctx context.Context, tenantID string, from, to int64) (store.MessageCounts, error) {
	var c store.MessageCounts
	err := q.c.queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN direction = 'in' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN direction = 'out' AND status IN `+sentStatuses+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN direction = 'out' AND status IN `+deliveredStatuses+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN direction = 'out' AND status = 'read' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN direction = 'out' AND status IN `+sentStatuses+` AND EXISTS (
			SELECT 1 FROM messages r WHERE r.conversation_id = m.conversation_id AND r.direction = 'in' AND r.created_at > m.created_at
		) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN direction = 'out' AND status = 'failed' THEN 1 ELSE 0 END), 0)
		FROM messages m WHERE m.tenant_id = $1 AND m.created_at >= $2 AND m.created_at < $3`, tenantID, from, to).
		Scan(&c.Received, &c.Sent, &c.Delivered, &c.Read, &c.Replied, &c.Failed)
	return c, err
}

func (q queries) dailyMessages(ctx context.Context, tenantID string, from, to int64, offset time.Duration) ([]store.DayCounts, error) {
	off := offset.Milliseconds()
	r, err := q.c.query(ctx, `SELECT (created_at + $4) / 86400000 AS day,
		COALESCE(SUM(CASE WHEN direction = 'in' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN direction = 'out' AND status IN `+sentStatuses+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN direction = 'out' AND status IN `+deliveredStatuses+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN direction = 'out' AND status = 'read' THEN 1 ELSE 0 END), 0)
		FROM messages WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3
		GROUP BY 1 ORDER BY 1`, tenantID, from, to, off)
	return collect(r, err, func(r rows) (store.DayCounts, error) {
		var d store.DayCounts
		var day int64
		err := r.Scan(&day, &d.Received, &d.Sent, &d.Delivered, &d.Read)
		d.Day = time.UnixMilli(day * 86400000).UTC().Format(time.DateOnly)
		return d, err
	})
}

// responseTime measures, for each inbound message of the range, the wait
// until the conversation's next outbound message.
func (q queries) responseTime(ctx context.Context, tenantID string, from, to int64) (store.ResponseTime, error) {
	r, err := q.c.query(ctx, `SELECT w FROM (
		SELECT (SELECT MIN(o.created_at) FROM messages o WHERE o.conversation_id = i.conversation_id
			AND o.direction = 'out' AND o.created_at >= i.created_at) - i.created_at AS w
		FROM messages i WHERE i.tenant_id = $1 AND i.direction = 'in' AND i.created_at >= $2 AND i.created_at < $3
	) waits WHERE w IS NOT NULL ORDER BY w`, tenantID, from, to)
	waits, err := collect(r, err, func(r rows) (int64, error) {
		var w int64
		return w, r.Scan(&w)
	})
	var rt store.ResponseTime
	if err != nil || len(waits) == 0 {
		return rt, err
	}
	var sum int64
	for _, w := range waits {
		sum += w
	}
	n := int64(len(waits))
	rt.Answered, rt.MeanMS = n, sum/n
	if n%2 == 1 {
		rt.MedianMS = waits[n/2]
	} else {
		rt.MedianMS = (waits[n/2-1] + waits[n/2]) / 2
	}
	return rt, nil
}

func (q queries) conversationCounts(ctx context.Context, tenantID string) (store.ConvCounts, error) {
	var c store.ConvCounts
	err := q.c.queryRow(ctx, `SELECT
		COALESCE(SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'open' AND assignee_id = '' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'open' AND handler = 'human' THEN 1 ELSE 0 END), 0)
		FROM conversations WHERE tenant_id = $1`, tenantID).Scan(&c.Open, &c.Pending, &c.Unassigned, &c.Human)
	return c, err
}

func (q queries) stageCounts(ctx context.Context, tenantID string) ([]store.StageCount, error) {
	r, err := q.c.query(ctx, `SELECT b.id, b.name, s.id, s.name, COUNT(c.id), CAST(COALESCE(SUM(c.value_cents), 0) AS BIGINT)
		FROM stages s JOIN boards b ON b.id = s.board_id AND b.tenant_id = s.tenant_id
		LEFT JOIN cards c ON c.stage_id = s.id AND c.tenant_id = s.tenant_id
		WHERE s.tenant_id = $1
		GROUP BY b.id, b.name, s.id, s.name, s.position
		ORDER BY b.name, b.id, s.position, s.id`, tenantID)
	return collect(r, err, func(r rows) (store.StageCount, error) {
		var c store.StageCount
		return c, r.Scan(&c.BoardID, &c.Board, &c.StageID, &c.Stage, &c.Cards, &c.ValueCents)
	})
}
