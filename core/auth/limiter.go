package auth

import (
	"container/list"
	"fmt"
	"sync"
	"time"
)

// DefaultMaxKeys bounds how many keys a FailureLimiter tracks at once.
const DefaultMaxKeys = 100_000

// FailureLimiter counts failed attempts per key (e.g. "login:<ip>:<email>"
// or "apikey:<ip>") and blocks a key once it reaches the limit within a fixed
// window that starts at the key's first failure. Only failures are recorded,
// so Allow on the success path costs a map lookup and no memory.
//
// Memory is bounded: entries are kept in first-failure order, expired ones
// are dropped as new failures arrive, and when maxKeys are tracked the oldest
// entry is evicted. Because eviction lets a flood of fresh keys push out an
// old block, pair a narrow key ("login:<ip>:<email>") with a coarse one
// ("login:<ip>") that such a flood would itself trip. It is safe for
// concurrent use.
type FailureLimiter struct {
	maxFailures int
	window      time.Duration
	now         func() time.Time
	maxKeys     int

	mu      sync.Mutex
	entries map[string]*list.Element // of *failureCount
	order   *list.List               // oldest window start first
}

type failureCount struct {
	key   string
	start time.Time
	count int
}

// NewFailureLimiter blocks a key after maxFailures failures within window.
// now is the clock (time.Now when nil); tests pass a fake. It panics if
// maxFailures or window is not positive, as those are programming errors.
func NewFailureLimiter(maxFailures int, window time.Duration, now func() time.Time) *FailureLimiter {
	if maxFailures <= 0 || window <= 0 {
		panic(fmt.Sprintf("auth: NewFailureLimiter(%d, %v): both must be positive", maxFailures, window))
	}
	if now == nil {
		now = time.Now
	}
	return &FailureLimiter{
		maxFailures: maxFailures, window: window, now: now, maxKeys: DefaultMaxKeys,
		entries: make(map[string]*list.Element), order: list.New(),
	}
}

// Allow reports whether key may try again. When it may not, retryAfter is
// how long until its window ends.
func (l *FailureLimiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	el, found := l.entries[key]
	if !found {
		return true, 0
	}
	fc := el.Value.(*failureCount)
	left := fc.start.Add(l.window).Sub(l.now())
	if left <= 0 || fc.count < l.maxFailures {
		return true, 0
	}
	return false, left
}

// Fail records a failed attempt for key.
func (l *FailureLimiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.sweep(now)
	if el, found := l.entries[key]; found {
		fc := el.Value.(*failureCount)
		if now.Before(fc.start.Add(l.window)) {
			fc.count++
			return
		}
		l.remove(el) // expired: start a new window at the back
	}
	for len(l.entries) >= l.maxKeys {
		l.remove(l.order.Front())
	}
	l.entries[key] = l.order.PushBack(&failureCount{key: key, start: now, count: 1})
}

// Reset forgets key's failures, e.g. after a successful login.
func (l *FailureLimiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, found := l.entries[key]; found {
		l.remove(el)
	}
}

// Len returns how many keys are tracked.
func (l *FailureLimiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.entries)
}

// sweep drops expired entries from the front of the order.
func (l *FailureLimiter) sweep(now time.Time) {
	for el := l.order.Front(); el != nil; el = l.order.Front() {
		if now.Before(el.Value.(*failureCount).start.Add(l.window)) {
			return
		}
		l.remove(el)
	}
}

func (l *FailureLimiter) remove(el *list.Element) {
	delete(l.entries, el.Value.(*failureCount).key)
	l.order.Remove(el)
}
