package campaigns

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/store"
)

// route decides for each claimed row: back to the ledger (campaign not
// running, quiet hours, a long pacing wait), suppressed (opted out,
// duplicate SMS), or on to a worker, now or after a short pacing wait.
// It returns how many rows went back.
func (d *dispatcher) route(ctx context.Context, rows []store.Send) int {
	s := d.s
	optedOut, err := d.optOuts(ctx, rows)
	if err != nil { // fail safe: nothing goes out unchecked
		s.Log.Warn("opt-out check", "err", err)
		for _, row := range rows {
			d.results <- release(row, nil, s.Now().Add(time.Second))
		}
		return len(rows)
	}
	released := 0
	for _, row := range rows {
		now := s.Now()
		l, err := s.live(ctx, row.TenantID, row.CampaignID)
		if err != nil {
			d.results <- release(row, nil, now.Add(time.Second))
			released++
			continue
		}
		if r, ok := s.precheck(ctx, row, l, optedOut[row.ID], now); ok {
			d.results <- r
			released++
			continue
		}
		wait, why, err := s.pacer.Reserve(ctx, s.ask(row, l), ahead)
		switch {
		case err != nil || wait > ahead:
			r := release(row, l, now.Add(max(wait, time.Second)))
			r.out.Error = waitingText(why)
			d.results <- r
			released++
		case wait == 0:
			d.jobs <- job{row, l}
		default:
			d.later(ctx, job{row, l}, wait)
		}
	}
	return released
}

// later hands a job to the workers once its pacing wait passed.
func (d *dispatcher) later(ctx context.Context, j job, wait time.Duration) {
	d.delayed.Go(func() {
		sleepCtx(ctx, wait)
		d.jobs <- j // after ctx ends too: the worker then records it as unknown
	})
}

func release(row store.Send, l *live, at time.Time) result {
	return result{row: row, live: l, out: store.SendOutcome{ID: row.ID, TenantID: row.TenantID, Kind: store.OutcomeRelease,
		At: store.Now(), NextAt: at}}
}

// claimed is when the row was claimed: where it goes back to when it
// was not tried (a claim moves next_at to the lease's end).
func claimed(row store.Send) time.Time {
	if row.ClaimedAt != nil {
		return *row.ClaimedAt
	}
	return row.NextAt
}

func suppress(row store.Send, l *live, code, why string) result {
	return result{row: row, live: l, out: store.SendOutcome{ID: row.ID, TenantID: row.TenantID, Kind: store.OutcomeSuppress,
		At: store.Now(), ErrorCode: code, Error: why}}
}

// optOuts looks up, per tenant and channel, which claimed rows' contacts
// opted out since they were enqueued, then, for the rows of a marketing
// template, which opted out of the channel's marketing messages; the
// answer is the scope each row's contact opted out of, keyed by row ID.
func (d *dispatcher) optOuts(ctx context.Context, rows []store.Send) (map[string]string, error) {
	narrow := map[string]string{} // row ID → its scope, when narrower than its channel
	for _, r := range rows {
		l, _ := d.s.live(ctx, r.TenantID, r.CampaignID)
		if scope := d.s.rowScope(ctx, r, l); scope != r.Channel {
			narrow[r.ID] = scope
		}
	}
	out := map[string]string{}
	for _, scopeOf := range []func(store.Send) string{
		func(r store.Send) string { return r.Channel },
		func(r store.Send) string { return narrow[r.ID] },
	} {
		groups := map[[2]string][]store.Send{}
		for _, r := range rows {
			if scope := scopeOf(r); scope != "" && out[r.ID] == "" {
				k := [2]string{r.TenantID, scope}
				groups[k] = append(groups[k], r)
			}
		}
		if err := d.lookUpOptOuts(ctx, groups, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// lookUpOptOuts records in out the scope of each grouped row whose
// contact opted out of its group's (tenant, scope).
func (d *dispatcher) lookUpOptOuts(ctx context.Context, groups map[[2]string][]store.Send, out map[string]string) error {
	for k, rs := range groups {
		ids := make([]string, len(rs))
		for i, r := range rs {
			ids[i] = r.ContactID
		}
		got, err := d.s.Store.OptedOut(ctx, k[0], k[1], ids)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if got[r.ContactID] {
				out[r.ID] = k[1]
			}
		}
	}
	return nil
}

// precheck returns the row's outcome when it must not go now; optedOut
// is the scope its contact opted out of ("" none).
func (s *Service) precheck(ctx context.Context, row store.Send, l *live, optedOut string, now time.Time) (result, bool) {
	if row.Via == store.ViaDispatch && l.c.Status == store.CampaignCancelled {
		return s.settleCancelled(ctx, row, l), true
	}
	if row.Via == store.ViaDispatch && l.c.Status != store.CampaignRunning {
		return release(row, l, claimed(row)), true
	}
	if optedOut != "" {
		return suppress(row, l, ExcludedOptedOut, optedOutWhy(optedOut)), true
	}
	if next := l.plan.allowed.next(now, zone(row.TimeZone, l.plan.zone)); next.After(now) {
		r := release(row, l, next)
		r.out.Error = waitingText(WaitOutsideHours)
		return r, true
	}
	if w := l.plan.pacing.smsWindow; row.Channel == "sms" && w > 0 && row.BodyHash != "" {
		ok, err := s.Store.GuardSMS(ctx, row.TenantID, row.Address, row.BodyHash, row.ID, now, now.Add(-w))
		if err != nil {
			return release(row, l, now.Add(time.Second)), true
		}
		if !ok {
			return suppress(row, l, "duplicate_sms", "the same text went to this phone within "+w.String()), true
		}
	}
	return result{}, false
}

// settleCancelled ends a row of a cancelled campaign: cancelled, unless
// an attempt of it may have reached the provider, which is reconciled
// when the sender can say, else held as ambiguous.
func (s *Service) settleCancelled(ctx context.Context, row store.Send, l *live) result {
	res := result{row: row, live: l, out: store.SendOutcome{ID: row.ID, TenantID: row.TenantID, Kind: store.OutcomeCancel, At: s.Now()}}
	rec, canAsk := s.Sender.(Reconciler)
	switch {
	case row.InFlight <= 1 || row.Step == StepEnrol:
		return res
	case canAsk:
		id, err := rec.Lookup(ctx, s.outbound(row))
		if err != nil {
			return release(row, l, s.Now().Add(time.Second))
		}
		if id != "" {
			res.out.Kind, res.out.ProviderMessageID = store.OutcomeSent, id
			res.out.Resolution = "reconciled after the cancel: the provider had accepted an earlier attempt"
		}
		return res
	}
	res.out.Kind, res.out.ErrorCode = store.OutcomeAmbiguous, "ambiguous"
	res.out.Resolution = "the campaign was cancelled while an attempt of unknown outcome was pending"
	return res
}

// ask is the row's pacing request.
func (s *Service) ask(row store.Send, l *live) Ask {
	p := l.plan.pacing
	a := Ask{TenantID: row.TenantID, Sender: row.Channel + ":" + row.Sender, Portfolio: row.Portfolio, Address: row.Address,
		MPS: p.mps, PairEvery: p.pairEvery, PairBurst: p.pairBurst, Tier: p.tier}
	if row.Step == StepEnrol {
		a.PairEvery, a.Tier = 0, -1 // starting a run sends nothing by itself
	}
	return a
}
