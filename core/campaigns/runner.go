package campaigns

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
)

// runRounds drives campaigns through their rounds until ctx ends: it
// starts due rounds, enqueues their audience into the ledger, notices when
// a round is done and pushes progress.
func (s *Service) runRounds(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for ctx.Err() == nil {
		if err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("campaign rounds", "err", err)
		}
		select {
		case <-ctx.Done():
		case <-s.wakeRuns:
		case <-t.C:
		}
	}
}

// Tick advances every campaign due now, each under a lease so that one
// instance works on a campaign at a time.
func (s *Service) Tick(ctx context.Context) error {
	s.init()
	now := s.Now()
	cs, err := s.Store.DueCampaigns(ctx, now)
	if err != nil {
		return err
	}
	for _, c := range cs {
		ok, err := s.Store.LeaseCampaign(ctx, c.TenantID, c.ID, s.Owner, now, now.Add(s.Lease))
		if err != nil {
			return err
		}
		if ok {
			s.advance(ctx, c)
		}
	}
	return nil
}

func (s *Service) advance(ctx context.Context, c store.Campaign) {
	pl, err := planOf(c)
	if err != nil {
		s.pauseFor(ctx, c.TenantID, c.ID, definitionInvalid(err))
		return
	}
	switch {
	case c.Status == store.CampaignScheduled:
		c, err = s.startRound(ctx, c)
		if err == nil {
			err = s.enqueue(ctx, c, pl)
		}
	case !c.Enqueued:
		err = s.enqueue(ctx, c, pl)
	default:
		err = s.finishIfDone(ctx, c, pl)
	}
	if err != nil && ctx.Err() == nil {
		s.Log.Warn("campaign round", "campaign", c.ID, "err", err)
	}
	s.pushProgress(ctx, c.TenantID, c.ID, false)
}

// startRound begins the next round: the ledger's round number goes up.
func (s *Service) startRound(ctx context.Context, c store.Campaign) (store.Campaign, error) {
	return s.change(ctx, c.TenantID, c.ID, bus.EventCampaignStarted, func(c *store.Campaign) error {
		if c.Status != store.CampaignScheduled || c.NextAt == nil || c.NextAt.After(s.Now()) {
			return apperr.New(apperr.Conflict, "not due")
		}
		now := s.Now()
		c.Round++
		c.Status, c.NextAt, c.Enqueued, c.Cursor, c.Audience, c.Excluded = store.CampaignRunning, nil, false, "", 0, map[string]int64{}
		c.StartedAt, c.FinishedAt = &now, nil
		return nil
	})
}

// cadenceCheckEvery spaces the look for a cadence's unfinished runs (a
// join over its enrolments).
const cadenceCheckEvery = 10 * time.Second

// cadenceActive tells whether the cadence's runs are still going; it
// answers yes without looking again within cadenceCheckEvery.
func (s *Service) cadenceActive(ctx context.Context, c store.Campaign, pl *plan) (bool, error) {
	if last, ok := s.cadenceChecks.Load(c.ID); ok && time.Since(last.(time.Time)) < cadenceCheckEvery {
		return true, nil
	}
	s.cadenceChecks.Store(c.ID, time.Now())
	return s.Store.CadenceActive(ctx, c.TenantID, c.ID, pl.spec.Flow.ID)
}

// finishIfDone ends the round once nothing of it waits in the ledger
// (and, for a cadence, once its runs all ended): the next round is
// scheduled, or the campaign completes.
func (s *Service) finishIfDone(ctx context.Context, c store.Campaign, pl *plan) error {
	step := map[string]string{KindMessage: StepSend, KindFlow: StepEnrol}[pl.kind]
	waiting, _, err := s.Store.ListSends(ctx, c.TenantID, store.SendFilter{CampaignID: c.ID, Round: c.Round, Step: step,
		Status: store.SendQueued, Page: store.Page{Limit: 1}})
	if err != nil || len(waiting) > 0 {
		return err
	}
	if pl.kind == KindFlow {
		if active, err := s.cadenceActive(ctx, c, pl); err != nil || active {
			return err
		}
	}
	failures, err := s.failureSummary(ctx, c)
	if err != nil {
		return err
	}
	_, err = s.change(ctx, c.TenantID, c.ID, bus.EventCampaignCompleted, func(c *store.Campaign) error {
		if c.Status != store.CampaignRunning || !c.Enqueued {
			return apperr.New(apperr.Conflict, "not running")
		}
		now := s.Now()
		c.FinishedAt = &now
		roundEndReason(*c, pl.cron != nil, failures).set(c)
		if pl.cron == nil {
			c.Status = store.CampaignCompleted
			return nil
		}
		next := pl.cron.Next(now.In(pl.zone)).UTC()
		c.Status, c.NextAt = store.CampaignScheduled, &next
		return nil
	})
	if err == nil {
		// The last progress goes out after the change, so it carries the
		// round's end (completed, scheduled): a page that got the campaign
		// completed must not then be told it is running.
		s.pushProgress(ctx, c.TenantID, c.ID, true)
	}
	return err
}
