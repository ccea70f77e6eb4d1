package analytics

import (
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
)

func TestResolve(t *testing.T) {
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	s := &Service{Now: func() time.Time { return now }}
	sp, _ := time.LoadLocation("America/Sao_Paulo")
	for _, c := range []struct {
		name     string
		q        Query
		from, to time.Time
		offset   time.Duration
		bad      []string
	}{
		{name: "default: the last 30 days", q: Query{}, from: now.Add(-DefaultRange), to: now},
		{name: "dates are whole days in the zone, to inclusive", q: Query{From: "2026-03-01", To: "2026-03-07", TZ: "America/Sao_Paulo"},
			from: time.Date(2026, 3, 1, 0, 0, 0, 0, sp), to: time.Date(2026, 3, 8, 0, 0, 0, 0, sp), offset: -3 * time.Hour},
		{name: "times as given", q: Query{From: "2026-03-01T10:00:00Z", To: "2026-03-02T10:00:00Z"},
			from: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), to: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)},
		{name: "only to: 30 days before it", q: Query{To: "2026-03-10T00:00:00Z"},
			from: time.Date(2026, 2, 8, 0, 0, 0, 0, time.UTC), to: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)},
		{name: "every bad field at once", q: Query{From: "ontem", To: "amanhã", TZ: "Nowhere/City"}, bad: []string{"from", "to", "tz"}},
		{name: "from after to", q: Query{From: "2026-03-05", To: "2026-03-01"}, bad: []string{"from"}},
		{name: "too long", q: Query{From: "2024-01-01", To: "2026-01-01"}, bad: []string{"from"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, _, err := s.resolve(c.q)
			if len(c.bad) > 0 {
				e, ok := apperr.As(err)
				if !ok || e.Code != apperr.Invalid || len(e.Fields) != len(c.bad) {
					t.Fatalf("error %v, want fields %v", err, c.bad)
				}
				for _, f := range c.bad {
					if e.Fields[f] == "" {
						t.Errorf("field %s not named: %v", f, e.Fields)
					}
				}
				return
			}
			if err != nil || !r.From.Equal(c.from) || !r.To.Equal(c.to) || r.DayOffset != c.offset {
				t.Fatalf("got %v – %v (%v) %v, want %v – %v (%v)", r.From, r.To, r.DayOffset, err, c.from, c.to, c.offset)
			}
		})
	}
}

func TestFillDays(t *testing.T) {
	from := time.Date(2026, 3, 1, 15, 0, 0, 0, time.UTC)
	to := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	got := fillDays([]store.DayCounts{{Day: "2026-03-02", Sent: 4}}, from, to)
	want := []store.DayCounts{{Day: "2026-03-01"}, {Day: "2026-03-02", Sent: 4}, {Day: "2026-03-03"}}
	if len(got) != len(want) {
		t.Fatalf("%+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("day %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
