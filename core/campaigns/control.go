package campaigns

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// change applies fn to a campaign under optimistic concurrency and emits
// typ with it, retrying on a concurrent change with a fresh read.
func (s *Service) change(ctx context.Context, tenantID, id, typ string, fn func(c *store.Campaign) error) (store.Campaign, error) {
	s.init()
	for attempt := 0; attempt < 5; attempt++ {
		c, err := s.Store.GetCampaign(ctx, tenantID, id)
		if err != nil {
			return c, notFound(err)
		}
		if err := fn(&c); err != nil {
			return c, err
		}
		c.UpdatedAt = s.Now()
		err = s.Store.Tx(ctx, func(q store.Queries) error {
			if err := q.SaveCampaign(ctx, c); err != nil {
				return err
			}
			return emit(ctx, q, c, typ, nil)
		})
		if err == nil {
			c.Rev++
			s.forget(c.ID)
			s.Notify()
			return c, nil
		}
		if !errors.Is(err, store.ErrConflict) {
			return c, err
		}
	}
	return store.Campaign{}, fmt.Errorf("campaign %s keeps changing; try again", id)
}

// firstRound is when a campaign's first round is due: At when given and
// later than now, else the next cron tick for a recurring campaign, else now.
func firstRound(pl *plan, now time.Time) time.Time {
	switch {
	case pl.spec.Schedule.At != nil && pl.spec.Schedule.At.After(now):
		return store.AsStored(*pl.spec.Schedule.At)
	case pl.cron != nil && pl.spec.Schedule.At == nil:
		return pl.cron.Next(now.In(pl.zone)).UTC()
	}
	return now
}

// Start schedules a draft campaign: now, at its time, or on its cron.
func (s *Service) Start(ctx context.Context, p tenancy.Principal, id string) (store.Campaign, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return store.Campaign{}, err
	}
	return s.change(ctx, p.TenantID, id, bus.EventCampaignScheduled, func(c *store.Campaign) error {
		if c.Status != store.CampaignDraft {
			return apperr.New(apperr.Conflict, "the campaign is already %s", c.Status).
				Because(apperr.CampaignNotDraft, apperr.P{"status": c.Status})
		}
		pl, err := planOf(*c)
		if err != nil {
			return err
		}
		if err := s.checkFlow(ctx, c.TenantID, pl); err != nil {
			return err
		}
		if err := s.recheckConnection(ctx, c, pl); err != nil {
			return err // deleted since the campaign was saved
		}
		now := s.Now()
		next := firstRound(pl, now)
		// A campaign sending now needs an approved template; one scheduled
		// later is checked as a save is (Meta may approve or reinstate it).
		if err := s.checkTemplate(ctx, c.TenantID, pl.spec, !next.After(now)); err != nil {
			return err // the catalog changed since the campaign was saved
		}
		c.Status, c.NextAt = store.CampaignScheduled, &next
		Reason{}.set(c)
		return nil
	})
}

// checkFlow makes sure a cadence's flow can run.
func (s *Service) checkFlow(ctx context.Context, tenantID string, pl *plan) error {
	if pl.kind != KindFlow {
		return nil
	}
	if s.Engine == nil {
		return apperr.NotRunningf("flow_engine", "the flow engine is not running")
	}
	f, err := s.Store.GetFlow(ctx, tenantID, pl.spec.Flow.ID)
	if err != nil {
		return invalid(map[string]apperr.Field{"spec.flow.id": noSuchFlow})
	}
	if f.PublishedVersion == 0 {
		return apperr.New(apperr.Conflict, "publish flow %s before enrolling contacts into it", f.Name).
			Because(apperr.FlowNotPublished, apperr.P{"flow": f.Name})
	}
	return nil
}

// Pause stops sending; queued rows wait and runs' send steps hold.
func (s *Service) Pause(ctx context.Context, p tenancy.Principal, id string) (store.Campaign, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return store.Campaign{}, err
	}
	return s.pause(ctx, p.TenantID, id, s.who(ctx, p).reason("paused"))
}

func (s *Service) pause(ctx context.Context, tenantID, id string, reason Reason) (store.Campaign, error) {
	return s.change(ctx, tenantID, id, bus.EventCampaignPaused, func(c *store.Campaign) error {
		if c.Status != store.CampaignRunning && c.Status != store.CampaignScheduled {
			return apperr.New(apperr.Conflict, "a %s campaign cannot be paused", c.Status).
				Because(apperr.CampaignNotPausable, apperr.P{"status": c.Status})
		}
		c.Status = store.CampaignPaused
		reason.set(c)
		return nil
	})
}

// pauseFor pauses a campaign on the platform's own account (the circuit
// breaker, a blocked sender), logging rather than failing.
func (s *Service) pauseFor(ctx context.Context, tenantID, id string, reason Reason) {
	if _, err := s.pause(ctx, tenantID, id, reason); err != nil {
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Conflict {
			s.Log.Warn("pause campaign", "campaign", id, "reason", reason.Text, "err", err)
		}
		return
	}
	s.Log.Warn("campaign paused", "campaign", id, "reason", reason.Text)
}

// Resume continues a paused campaign where it stopped.
func (s *Service) Resume(ctx context.Context, p tenancy.Principal, id string) (store.Campaign, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return store.Campaign{}, err
	}
	c, err := s.change(ctx, p.TenantID, id, bus.EventCampaignResumed, func(c *store.Campaign) error {
		if c.Status != store.CampaignPaused {
			return apperr.New(apperr.Conflict, "the campaign is %s, not paused", c.Status).
				Because(apperr.CampaignNotPaused, apperr.P{"status": c.Status})
		}
		c.Status = store.CampaignRunning
		Reason{}.set(c)
		if c.NextAt != nil { // paused between rounds
			c.Status = store.CampaignScheduled
		}
		return nil
	})
	if err == nil {
		s.breakers.reset(id)
	}
	return c, err
}

// Cancel stops a campaign for good: queued rows are cancelled and a
// cadence's unfinished runs are cancelled.
func (s *Service) Cancel(ctx context.Context, p tenancy.Principal, id string) (store.Campaign, error) {
	if err := require(p, auth.RoleAdmin); err != nil {
		return store.Campaign{}, err
	}
	by := s.who(ctx, p)
	c, err := s.change(ctx, p.TenantID, id, bus.EventCampaignCancelled, func(c *store.Campaign) error {
		if c.Status == store.CampaignCancelled || c.Status == store.CampaignCompleted {
			return apperr.New(apperr.Conflict, "the campaign is already %s", c.Status).
				Because(apperr.CampaignEnded, apperr.P{"status": c.Status})
		}
		now := s.Now()
		c.Status, c.NextAt, c.FinishedAt = store.CampaignCancelled, nil, &now
		by.reason("cancelled").set(c)
		return nil
	})
	if err != nil {
		return c, err
	}
	if _, err := s.Store.CancelQueuedSends(ctx, c.TenantID, c.ID, s.Now()); err != nil {
		return c, err
	}
	if c.Kind == KindFlow {
		go s.cancelRuns(context.WithoutCancel(ctx), c)
	}
	return c, nil
}
