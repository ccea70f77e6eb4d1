package auth

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// fakeClock is a manually advanced clock; tests never sleep.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

func newTestLimiter(maxFailures int, window time.Duration) (*FailureLimiter, *fakeClock) {
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	return NewFailureLimiter(maxFailures, window, clock.Now), clock
}

func TestFailureLimiterBlocksAtMax(t *testing.T) {
	l, clock := newTestLimiter(3, time.Minute)
	for i := range 3 {
		if ok, _ := l.Allow("login:1.2.3.4:a@x"); !ok {
			t.Fatalf("blocked after %d failures, want 3 allowed", i)
		}
		l.Fail("login:1.2.3.4:a@x")
		clock.Advance(10 * time.Second)
	}
	ok, retry := l.Allow("login:1.2.3.4:a@x")
	if ok || retry != 30*time.Second {
		t.Fatalf("Allow = %v, %v; want blocked for 30s (window from first failure)", ok, retry)
	}
	if ok, _ := l.Allow("login:1.2.3.4:b@x"); !ok {
		t.Fatal("another key is blocked")
	}
	clock.Advance(29 * time.Second)
	if ok, retry := l.Allow("login:1.2.3.4:a@x"); ok || retry != time.Second {
		t.Fatalf("1s before expiry: Allow = %v, %v", ok, retry)
	}
	clock.Advance(time.Second)
	if ok, retry := l.Allow("login:1.2.3.4:a@x"); !ok || retry != 0 {
		t.Fatalf("after the window: Allow = %v, %v; want allowed", ok, retry)
	}
}

func TestFailureLimiterNewWindowAfterExpiry(t *testing.T) {
	l, clock := newTestLimiter(2, time.Minute)
	l.Fail("k")
	l.Fail("k")
	clock.Advance(time.Minute)
	l.Fail("k") // starts a fresh window with one failure
	if ok, _ := l.Allow("k"); !ok {
		t.Fatal("old failures still counted after the window")
	}
	l.Fail("k")
	if ok, retry := l.Allow("k"); ok || retry != time.Minute {
		t.Fatalf("Allow = %v, %v; want blocked for the new window", ok, retry)
	}
}

func TestFailureLimiterReset(t *testing.T) {
	l, _ := newTestLimiter(2, time.Minute)
	l.Fail("k")
	l.Fail("k")
	l.Reset("k")
	if ok, _ := l.Allow("k"); !ok || l.Len() != 0 {
		t.Fatalf("after Reset: allowed %v, %d keys tracked", ok, l.Len())
	}
	l.Reset("never-seen") // must not panic
}

func TestFailureLimiterSweepsExpired(t *testing.T) {
	l, clock := newTestLimiter(5, time.Minute)
	for i := range 100 {
		l.Fail(fmt.Sprint("old-", i))
	}
	clock.Advance(time.Minute)
	l.Fail("new")
	if l.Len() != 1 {
		t.Fatalf("tracking %d keys, want only the new one", l.Len())
	}
}

func TestFailureLimiterCapEvictsOldest(t *testing.T) {
	l, clock := newTestLimiter(1, time.Hour)
	l.maxKeys = 3
	for _, k := range []string{"a", "b", "c", "d"} {
		l.Fail(k)
		clock.Advance(time.Second)
	}
	if l.Len() != 3 {
		t.Fatalf("tracking %d keys, want the cap 3", l.Len())
	}
	want := map[string]bool{"a": true, "b": false, "c": false, "d": false} // allowed?
	for k, allowed := range want {
		if ok, _ := l.Allow(k); ok != allowed {
			t.Errorf("Allow(%s) = %v, want %v", k, ok, allowed)
		}
	}
}

func TestFailureLimiterConcurrent(t *testing.T) {
	l, _ := newTestLimiter(1000, time.Hour)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 100 {
				key := fmt.Sprint("k", i%10)
				l.Fail(key)
				l.Allow(key)
				if i%25 == g {
					l.Reset(key)
				}
			}
		})
	}
	wg.Wait()
	if l.Len() > 10 {
		t.Fatalf("tracking %d keys, want at most 10", l.Len())
	}
}

func TestNewFailureLimiterPanicsOnBadConfig(t *testing.T) {
	for _, tc := range []struct {
		max    int
		window time.Duration
	}{{0, time.Minute}, {-1, time.Minute}, {5, 0}, {5, -time.Second}} {
		t.Run(fmt.Sprint(tc.max, tc.window), func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			NewFailureLimiter(tc.max, tc.window, nil)
		})
	}
}
