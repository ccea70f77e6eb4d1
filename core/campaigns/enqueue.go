package campaigns

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// pageSize is how many contacts one enqueue step reads.
const pageSize = 500

// enqueue walks the round's audience into the ledger a page at a time;
// each page's rows and the campaign's cursor and counts commit together,
// so a crash resumes at the next page with exact counts (and a row
// already in the ledger is skipped anyway: its key is unique). A pause or
// cancel (the campaign's rev moves) stops it.
func (s *Service) enqueue(ctx context.Context, c store.Campaign, pl *plan) error {
	for !c.Enqueued && ctx.Err() == nil {
		now := s.Now()
		page, err := walkPage(ctx, s.Store, c.TenantID, c.Channel, s.planScope(ctx, c.TenantID, pl), pl.segment, c.Cursor, pageSize, now)
		if err != nil {
			return err
		}
		rows := s.rows(c, pl, page.members, now)
		c.Cursor, c.Enqueued, c.UpdatedAt = page.next, page.next == "", now
		for k, n := range page.excluded {
			c.Excluded[k] += n
		}
		err = s.Store.Tx(ctx, func(q store.Queries) error { // the rows and the cursor move together
			added, err := q.InsertSends(ctx, rows)
			if err != nil {
				return err
			}
			c.Audience += added
			return q.SaveCampaign(ctx, c)
		})
		if errors.Is(err, store.ErrConflict) {
			return nil // paused or cancelled meanwhile: the next tick looks again
		}
		if err != nil {
			return err
		}
		c.Rev++
		s.Notify()
		if _, err := s.Store.LeaseCampaign(ctx, c.TenantID, c.ID, s.Owner, now, now.Add(s.Lease)); err != nil {
			return err
		}
	}
	return nil
}

// rows makes the ledger rows of one page: a rendered message each, or an
// enrolment, due at the member's first allowed moment.
func (s *Service) rows(c store.Campaign, pl *plan, members []Member, now time.Time) []store.Send {
	start := now
	if c.StartedAt != nil {
		start = *c.StartedAt
	}
	out := make([]store.Send, 0, len(members))
	for _, m := range members {
		r := store.Send{ID: ids.New("snd"), TenantID: c.TenantID, CampaignID: c.ID, Round: c.Round, ContactID: m.Contact.ID,
			Step: StepSend, Via: store.ViaDispatch, Channel: c.Channel, Address: m.Address, Sender: pl.spec.Connection,
			Portfolio: pl.pacing.portfolio, TimeZone: m.Contact.TimeZone, Payload: json.RawMessage(`{}`),
			Status: store.SendQueued, QueuedAt: now}
		r.NextAt = firstSend(start, pl.spec.Schedule.LocalAt, pl.allowed, zone(m.Contact.TimeZone, pl.zone))
		if pl.kind == KindFlow {
			r.Step = StepEnrol
		} else {
			s.render(&r, pl, m, now)
		}
		out = append(out, r)
	}
	return out
}

// render fills a one-message row's payload; a contact whose variables do
// not evaluate is suppressed with the reason.
func (s *Service) render(r *store.Send, pl *plan, m Member, now time.Time) {
	in, err := pl.render.payload(m, &flow.Env{Contact: flowContact(m.Contact), Now: now})
	if err != nil {
		r.Status, r.ErrorCode, r.Error = store.SendSuppressed, "render_error", err.Error()
		return
	}
	r.Payload, _ = json.Marshal(in)
	if text, ok := in["text"].(string); ok && r.Channel == "sms" {
		r.BodyHash = bodyHash(text)
	}
}
