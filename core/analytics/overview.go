// Package analytics computes the dashboard's overview (messages, delivery
// funnel, response time, open conversations, leads per stage) from the
// store, for one tenant and a time range.
package analytics

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// MaxRange is the longest range an overview covers.
const MaxRange = 366 * 24 * time.Hour

// DefaultRange is the range when the caller gives none: the last 30 days.
const DefaultRange = 30 * 24 * time.Hour

// Service reads overviews.
type Service struct {
	Store store.Store
	Now   func() time.Time
}

// New returns a Service on s.
func New(s store.Store) *Service { return &Service{Store: s, Now: time.Now} }

// Query is what the caller asks for, as given (strings from the URL).
type Query struct {
	From, To string // RFC 3339 times or YYYY-MM-DD dates (in TZ); empty: the last 30 days
	TZ       string // IANA time zone for dates and days; empty: UTC
}

// Overview is the answer: the store's figures with the range resolved and
// every day of it present (zeros where nothing happened).
type Overview struct {
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	TimeZone string    `json:"time_zone"`

	Messages      store.MessageCounts `json:"messages"`
	Days          []store.DayCounts   `json:"days"` // every day of the range, oldest first
	Response      store.ResponseTime  `json:"response"`
	Conversations store.ConvCounts    `json:"conversations"` // now, whatever the range
	Stages        []store.StageCount  `json:"stages"`        // now, whatever the range
}

// Overview resolves q and reads the tenant's figures. Every bad field is
// reported at once.
func (s *Service) Overview(ctx context.Context, p tenancy.Principal, q Query) (Overview, error) {
	r, loc, err := s.resolve(q)
	if err != nil {
		return Overview{}, err
	}
	o, err := s.Store.AnalyticsOverview(ctx, p.TenantID, r)
	if err != nil {
		return Overview{}, err
	}
	// The range answers in UTC to the millisecond like every time the API
	// gives; the days are the zone's.
	return Overview{From: store.AsStored(r.From), To: store.AsStored(r.To), TimeZone: loc.String(), Messages: o.Messages,
		Days: fillDays(o.Days, r.From.In(loc), r.To.In(loc)), Response: o.Response, Conversations: o.Conversations, Stages: o.Stages}, nil
}

func (s *Service) resolve(q Query) (store.AnalyticsRange, *time.Location, error) {
	bad := map[string]apperr.Field{}
	loc := time.UTC
	if q.TZ != "" {
		l, err := time.LoadLocation(q.TZ)
		if err != nil {
			bad["tz"] = apperr.Keyed("unknown time zone (use an IANA name such as America/Sao_Paulo)", apperr.FieldInvalidTimeZone, nil)
		} else {
			loc = l
		}
	}
	now := s.Now()
	to, from := now, now.Add(-DefaultRange)
	if q.To != "" {
		if t, ok := parseTime(q.To, loc, true); ok {
			to = t
		} else {
			bad["to"] = notTime
		}
	}
	if q.From != "" {
		if t, ok := parseTime(q.From, loc, false); ok {
			from = t
		} else {
			bad["from"] = notTime
		}
	} else if q.To != "" {
		from = to.Add(-DefaultRange)
	}
	if len(bad) == 0 && !from.Before(to) {
		bad["from"] = apperr.Keyed("must be before to", apperr.FieldRangeOrder, nil)
	}
	if len(bad) == 0 && to.Sub(from) > MaxRange {
		bad["from"] = apperr.Keyed("the range may cover at most 366 days", apperr.FieldRangeTooLong, apperr.P{"days": int(MaxRange / (24 * time.Hour))})
	}
	if len(bad) > 0 {
		return store.AnalyticsRange{}, nil, apperr.Fields("invalid range", bad).Because(apperr.ListParamsInvalid, nil)
	}
	_, offset := to.In(loc).Zone()
	return store.AnalyticsRange{From: from, To: to, DayOffset: time.Duration(offset) * time.Second}, loc, nil
}

// notTime is a range's end that is neither a time nor a date.
var notTime = apperr.Keyed("must be an RFC 3339 time or a YYYY-MM-DD date", apperr.FieldNotDate, nil)

// parseTime reads an RFC 3339 time or a date; a date as the end of a
// range means the end of that day.
func parseTime(s string, loc *time.Location, end bool) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, false
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, true
}

// fillDays returns one entry per calendar day from from to to (inclusive
// of the day to falls in, unless it is exactly midnight).
func fillDays(have []store.DayCounts, from, to time.Time) []store.DayCounts {
	byDay := make(map[string]store.DayCounts, len(have))
	for _, d := range have {
		byDay[d.Day] = d
	}
	out := []store.DayCounts{}
	day := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, from.Location())
	for ; day.Before(to); day = day.AddDate(0, 0, 1) {
		key := day.Format(time.DateOnly)
		d, ok := byDay[key]
		if !ok {
			d = store.DayCounts{Day: key}
		}
		out = append(out, d)
	}
	return out
}
