package engine

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/masteria/masteria/core/flow"
)

// Cron starts flows with schedule triggers when their cron comes due, in
// the trigger's time zone. The trigger key is the flow and the due minute,
// so several instances firing the same schedule start one run.
type Cron struct {
	Engine *Engine
	Log    *slog.Logger
	Now    func() time.Time
	last   time.Time
}

var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Run checks the schedules every few seconds until ctx ends.
func (c *Cron) Run(ctx context.Context) {
	if c.Now == nil {
		c.Now = time.Now
	}
	c.last = c.Now().Truncate(time.Minute)
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := c.Tick(ctx); err != nil {
				c.Log.Warn("schedules", "err", err)
			}
		}
	}
}

// Tick starts every schedule due since the last tick.
func (c *Cron) Tick(ctx context.Context) error {
	now := c.Now()
	flows, err := c.Engine.Store.PublishedFlows(ctx, "schedule")
	if err != nil {
		return err
	}
	for _, f := range flows {
		plan, err := c.Engine.Plan(ctx, f.TenantID, f.ID, f.PublishedVersion)
		if err != nil {
			return err
		}
		due, ok := dueBetween(plan.Flow.Trigger, c.last, now)
		if !ok {
			continue
		}
		_, err = c.Engine.StartRun(ctx, Start{TenantID: f.TenantID, FlowID: f.ID, Version: f.PublishedVersion,
			TriggerKey: fmt.Sprintf("cron:%d", due.Unix()), Event: flow.Event{Type: "schedule", Data: map[string]any{"at": due.Format(time.RFC3339)}}})
		if err != nil && !isDuplicate(err) {
			return err
		}
	}
	c.last = now
	return nil
}

// dueBetween is the latest time in (from, to] the trigger's cron fires.
func dueBetween(t flow.Trigger, from, to time.Time) (time.Time, bool) {
	sched, err := cronParser.Parse(string(t.Cron))
	if err != nil {
		return time.Time{}, false
	}
	loc := time.UTC
	if t.Timezone != "" {
		if l, err := time.LoadLocation(string(t.Timezone)); err == nil {
			loc = l
		}
	}
	var due time.Time
	for next := sched.Next(from.In(loc)); !next.After(to); next = sched.Next(next) {
		due = next
	}
	return due, !due.IsZero()
}
