package grpchost

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	o := Options{MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}
	for n, want := range []time.Duration{100, 200, 400, 800, 1000, 1000} {
		if got := o.backoff(n); got != want*time.Millisecond {
			t.Errorf("backoff(%d) = %v, want %v", n, got, want*time.Millisecond)
		}
	}
	if got := o.backoff(1 << 20); got != time.Second {
		t.Errorf("backoff after many failures = %v, want the maximum", got)
	}
}

func TestDefaults(t *testing.T) {
	o := Options{}.withDefaults()
	if o.MinBackoff <= 0 || o.MaxBackoff < o.MinBackoff || o.ReadyTimeout <= 0 || o.Log == nil || o.Stderr == nil {
		t.Errorf("defaults incomplete: %+v", o)
	}
}
