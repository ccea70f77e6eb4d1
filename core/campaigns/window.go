package campaigns

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/masteria/masteria/core/apperr"
)

// allowed is a compiled Window: [from, to) minutes of the day on days.
type allowed struct {
	from, to int
	days     map[time.Weekday]bool // empty: every day
}

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

func clockMinutes(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fieldError{apperr.Keyed(fmt.Sprintf("%q is not HH:MM", s), apperr.FieldInvalidClock, apperr.P{"value": s})}
	}
	return t.Hour()*60 + t.Minute(), nil
}

// compileWindow checks a window; nil means any time.
func compileWindow(w *Window) (*allowed, error) {
	if w == nil {
		return nil, nil
	}
	from, err := clockMinutes(w.From)
	if err != nil {
		return nil, err
	}
	to, err := clockMinutes(w.To)
	if err != nil {
		return nil, err
	}
	if from >= to {
		return nil, fieldError{apperr.Keyed("from must be before to (windows do not cross midnight)", apperr.FieldWindowOrder, nil)}
	}
	a := &allowed{from: from, to: to, days: map[time.Weekday]bool{}}
	for _, d := range w.Days {
		wd, ok := weekdays[strings.ToLower(d)]
		if !ok {
			return nil, fieldError{apperr.Keyed(fmt.Sprintf("day %q is not one of mon…sun", d), apperr.FieldInvalidWeekday, apperr.P{"value": d})}
		}
		a.days[wd] = true
	}
	return a, nil
}

// next is t when t is inside the window in loc, else the window's next
// opening after t. A nil window is always open.
func (a *allowed) next(t time.Time, loc *time.Location) time.Time {
	if a == nil {
		return t
	}
	local := t.In(loc)
	for i := 0; i < 8; i++ {
		day := time.Date(local.Year(), local.Month(), local.Day()+i, 0, 0, 0, 0, loc)
		if len(a.days) > 0 && !a.days[day.Weekday()] {
			continue
		}
		open := time.Date(day.Year(), day.Month(), day.Day(), a.from/60, a.from%60, 0, 0, loc)
		closeAt := time.Date(day.Year(), day.Month(), day.Day(), a.to/60, a.to%60, 0, 0, loc)
		switch {
		case !local.After(open) || i > 0:
			return open.UTC()
		case local.Before(closeAt):
			return t
		}
	}
	return t // unreachable with at least one allowed day
}

// zones caches loaded time zones.
var zones sync.Map

// zone loads name, falling back to def for an empty or unknown name.
func zone(name string, def *time.Location) *time.Location {
	if name == "" {
		return def
	}
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location)
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return def
	}
	zones.Store(name, l)
	return l
}

// localLayout is Schedule.LocalAt's format.
const localLayout = "2006-01-02T15:04"

// firstSend is when a member's send may first go: the round's start, or
// the local wall time in the member's zone, moved into the window.
func firstSend(start time.Time, localAt string, a *allowed, loc *time.Location) time.Time {
	at := start
	if localAt != "" {
		if t, err := time.ParseInLocation(localLayout, localAt, loc); err == nil && t.After(at) {
			at = t
		}
	}
	return a.next(at, loc)
}
