package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/sdk"
)

// delay parks the run for a duration or until a time, in the given (or
// the contact's) time zone, moved forward into allowed hours if set.
func delay(_ context.Context, c Call) (Result, error) {
	loc, err := delayZone(c)
	if err != nil {
		return Result{}, err
	}
	at, err := delayTarget(c, loc)
	if err != nil {
		return Result{}, err
	}
	if win, ok := c.Input["allowed_hours"].(map[string]any); ok {
		if at, err = intoWindow(at.In(loc), win); err != nil {
			return Result{}, err
		}
	}
	at = at.UTC()
	return Result{Wait: &Wait{Kind: WaitDelay, Until: &at}, Output: map[string]any{"until": at.Format(time.RFC3339)}}, nil
}

func delayZone(c Call) (*time.Location, error) {
	name, _ := c.Input["timezone"].(string)
	if name == "" {
		if tz, ok := c.State.Contact.Fields["timezone"].(string); ok {
			name = tz
		}
	}
	if name == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, sdk.Permanent(fmt.Errorf("delay: unknown time zone %q", name), "")
	}
	return loc, nil
}

func delayTarget(c Call, loc *time.Location) (time.Time, error) {
	if s, _ := c.Input["duration"].(string); s != "" {
		d, err := flow.ParseDuration(s)
		if err != nil {
			return time.Time{}, sdk.Permanent(fmt.Errorf("delay: %w", err), "")
		}
		return c.Now.Add(d), nil
	}
	s, _ := c.Input["until"].(string)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	hm, err := time.ParseInLocation("15:04", s, loc)
	if err != nil {
		return time.Time{}, sdk.Permanent(fmt.Errorf("delay: until %q is neither HH:MM nor RFC 3339", s), "")
	}
	now := c.Now.In(loc)
	at := time.Date(now.Year(), now.Month(), now.Day(), hm.Hour(), hm.Minute(), 0, 0, loc)
	if !at.After(now) {
		at = at.AddDate(0, 0, 1)
	}
	return at, nil
}

// intoWindow moves t to the next moment inside [from, to) on allowed days.
func intoWindow(t time.Time, win map[string]any) (time.Time, error) {
	from, err1 := time.Parse("15:04", fmt.Sprint(win["from"]))
	to, err2 := time.Parse("15:04", fmt.Sprint(win["to"]))
	if err1 != nil || err2 != nil || !from.Before(to) {
		return t, sdk.Permanent(fmt.Errorf("delay: allowed_hours needs from < to as HH:MM"), "")
	}
	days := map[string]bool{}
	if list, ok := win["days"].([]any); ok {
		for _, d := range list {
			days[strings.ToLower(fmt.Sprint(d))] = true
		}
	}
	for i := 0; i < 8; i++ {
		open := time.Date(t.Year(), t.Month(), t.Day(), from.Hour(), from.Minute(), 0, 0, t.Location())
		closeAt := time.Date(t.Year(), t.Month(), t.Day(), to.Hour(), to.Minute(), 0, 0, t.Location())
		dayOK := len(days) == 0 || days[strings.ToLower(t.Weekday().String()[:3])]
		switch {
		case dayOK && !t.Before(open) && t.Before(closeAt):
			return t, nil
		case dayOK && t.Before(open):
			return open, nil
		}
		t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, t.Location())
	}
	return t, sdk.Permanent(fmt.Errorf("delay: allowed_hours has no open day"), "")
}
