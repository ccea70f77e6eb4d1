package campaigns

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/store"
)

// record writes outcomes as they come, many per transaction (group
// commit), then lets the pacer and the breaker learn from them.
func (d *dispatcher) record(ctx context.Context) {
	batch := make([]result, 0, 512)
	for r := range d.results {
		batch = append(batch[:0], r)
	drain:
		for len(batch) < cap(batch) {
			select {
			case r, ok := <-d.results:
				if !ok {
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		d.s.commit(ctx, batch)
		d.pending.Add(-int64(len(batch)))
		select {
		case d.done <- struct{}{}:
		default:
		}
	}
}

// commit records a batch of outcomes, retrying a failed transaction a few
// times. Rows it never records stay in flight and are settled as
// ambiguous when reclaimed: never resent blindly.
func (s *Service) commit(ctx context.Context, batch []result) {
	kept := batch[:0:0]
	for _, r := range batch {
		if !r.lapsed {
			kept = append(kept, r)
		}
	}
	batch = kept
	if len(batch) == 0 {
		return
	}
	outs := make([]store.SendOutcome, len(batch))
	for i, r := range batch {
		outs[i] = r.out
	}
	var applied []bool
	var err error
	for try := 0; try < 5; try++ {
		if applied, err = s.Store.RecordSends(ctx, outs); err == nil {
			break
		}
		sleepCtx(ctx, time.Duration(try+1)*200*time.Millisecond)
	}
	if err != nil {
		s.Log.Error("record send outcomes", "rows", len(outs), "err", err)
		return
	}
	for i, r := range batch {
		if applied[i] {
			s.learn(ctx, r)
		}
	}
	s.post(ctx, batch, applied)
}

// post tells Posted the batch's messages that went out, in one call.
func (s *Service) post(ctx context.Context, batch []result, applied []bool) {
	if s.Posted == nil {
		return
	}
	var sent []store.Send
	for i, r := range batch {
		if !applied[i] || r.out.Kind != store.OutcomeSent || r.out.ProviderMessageID == "" || r.row.Step == StepEnrol {
			continue
		}
		row, at := r.row, r.out.At
		row.Status, row.ProviderMessageID, row.SentAt, row.Text = store.SendSent, r.out.ProviderMessageID, &at, r.text
		row.Resolution = r.out.Resolution
		row.Held = heldNow(row)
		sent = append(sent, row)
	}
	if len(sent) == 0 {
		return
	}
	if err := s.Posted(ctx, sent); err != nil {
		s.Log.Warn("campaign messages not recorded in the inbox", "rows", len(sent), "err", err)
	}
}

// learn feeds an outcome to the pacer and the breaker, and pauses the
// campaign when the outcome says the sender is in trouble.
func (s *Service) learn(ctx context.Context, r result) {
	if r.live == nil {
		return
	}
	v, row := r.verdict, r.row
	switch r.out.Kind {
	case store.OutcomeThrottled:
		if v.pair {
			s.pacer.ThrottlePair(row.TenantID, row.Channel+":"+row.Sender, row.Address, v.retryAfter)
		} else {
			s.pacer.Throttle(row.TenantID, row.Channel+":"+row.Sender, v.retryAfter)
		}
	case store.OutcomeSent:
		s.trip(ctx, r.live, sentOK)
	case store.OutcomeFailed:
		if row.Channel == "sms" && row.BodyHash != "" {
			_ = s.Store.ReleaseSMSGuard(ctx, row.TenantID, row.Address, row.BodyHash, row.ID)
		}
		s.trip(ctx, r.live, failure(v.signal, v.code, r.out.Error))
	}
	if v.pause.Code != "" {
		s.pauseFor(ctx, row.TenantID, row.CampaignID, v.pause)
	}
}

// trip records a signal in the campaign's breaker and pauses the campaign
// when it trips.
func (s *Service) trip(ctx context.Context, l *live, o outcome) {
	if reason := s.breakers.record(l.c.ID, l.plan.breaker, o); reason.Code != "" {
		s.pauseFor(ctx, l.c.TenantID, l.c.ID, reason)
	}
}
