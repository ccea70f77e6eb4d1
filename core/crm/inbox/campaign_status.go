package inbox

import (
	"context"
	"encoding/json"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// A channel's status report can beat Posted: the simulator reports
// delivered within milliseconds, and Meta's webhooks are as quick. The
// inbox, finding no copy, forwards the report to the campaign ledger,
// which moves the send. Two steps then bring the copy level, whichever
// comes first:
//
//   - Posted reads the sends of the copies it made (catchUp) and applies
//     the statuses they already took;
//   - the ledger hands a report that moved a send, and that no copy took,
//     back to the inbox (Restatus), for a copy Posted made since.
//
// On Postgres, LockSends holds the sends from catchUp's read to Posted's
// commit, so a report the ledger applies in between waits for the copy
// to be visible; SQLite runs one write transaction at a time.

// catchUp applies to the new copies of these sends the statuses the sends
// took before the copies existed, in order, with their times, emitting
// message.status for each.
func catchUp(ctx context.Context, q store.Queries, tenantID string, sendIDs []string) error {
	sends, err := q.LockSends(ctx, tenantID, sendIDs)
	if err != nil {
		return err
	}
	for _, sd := range sends {
		for _, c := range sendChanges(sd) {
			m, applied, err := q.ApplyMessageStatus(ctx, tenantID, sd.ProviderMessageID, c)
			if err != nil && err != store.ErrNotFound {
				return err
			}
			if applied == store.StatusMoved {
				if err := crm.Emit(ctx, q, tenantID, bus.EventMessageStatus, statusPayload(m)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// sendChanges are the thread-copy status changes a send's record implies
// beyond sent, in rank order.
func sendChanges(sd store.Send) []store.StatusChange {
	var out []store.StatusChange
	add := func(status string, at *time.Time, errText string) {
		if at == nil {
			return
		}
		c := store.StatusChange{Status: status, Rank: store.StatusRanks[status], MaxFrom: store.StatusRanks[status] - 1, At: *at, Error: errText}
		if status == store.SendFailed {
			c.MaxFrom = store.StatusRanks[store.SendDelivered]
		}
		out = append(out, c)
	}
	add(store.SendDelivered, sd.DeliveredAt, "")
	add(store.SendRead, sd.ReadAt, "")
	if sd.Status == store.SendFailed {
		add(store.SendFailed, sd.FailedAt, sd.Error)
	}
	return out
}

// Restatus applies a channel's status report (a message.status payload)
// that the inbox had no message for when it came: to the copy of a
// campaign's message Posted made since, or to a message whose provider ID
// was recorded since (an agent's reply or a flow's send that the report
// overtook). No such message is apperr.NotFound.
func (c CampaignSends) Restatus(ctx context.Context, tenantID string, report []byte) error {
	var u sdk.StatusUpdate
	if err := json.Unmarshal(report, &u); err != nil {
		return apperr.New(apperr.Invalid, "message.status payload: %v", err)
	}
	_, _, err := c.Inbox.ApplyStatus(ctx, tenantID, u)
	return err
}
