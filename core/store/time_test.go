package store

import (
	"testing"
	"time"
)

func TestAsStored(t *testing.T) {
	brt := time.FixedZone("BRT", -3*3600)
	for _, c := range []struct {
		name string
		in   time.Time
		want string
	}{
		{"nanoseconds: down to the millisecond", time.Date(2026, 11, 27, 14, 3, 5, 123456789, time.UTC), "2026-11-27T14:03:05.123Z"},
		{"an offset: in UTC", time.Date(2026, 11, 27, 11, 3, 5, 999999999, brt), "2026-11-27T14:03:05.999Z"},
		{"whole seconds: unchanged", time.Date(2026, 11, 27, 14, 3, 5, 0, time.UTC), "2026-11-27T14:03:05Z"},
	} {
		if got := AsStored(c.in).Format(time.RFC3339Nano); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	if !AsStored(time.Time{}).IsZero() {
		t.Error("the zero time did not stay zero")
	}
	if now := Now(); now.Location() != time.UTC || now.Nanosecond()%int(time.Millisecond) != 0 {
		t.Errorf("Now() = %v, not UTC milliseconds", now)
	}
}
