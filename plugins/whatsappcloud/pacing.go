package whatsappcloud

import (
	"math"
	"sync"
	"time"
)

// bucket is a token bucket: burst tokens, refilled at rate per second.
// Tokens may go negative: that is a reservation the caller must wait for.
// A bucket with a non-positive rate never limits.
type bucket struct {
	rate, burst float64
	tokens      float64
	last        time.Time
}

func newBucket(rate, burst float64) bucket { return bucket{rate: rate, burst: burst, tokens: burst} }

func (b *bucket) refill(now time.Time) {
	if b.last.IsZero() {
		b.last = now
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(b.burst, b.tokens+el*b.rate)
		b.last = now
	}
}

// reserve takes one token at now and returns how long to wait before it
// may be used.
func (b *bucket) reserve(now time.Time) time.Duration {
	if b.rate <= 0 {
		return 0
	}
	b.refill(now)
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	// Rounded to the microsecond, so float error does not show as 1.000000001s.
	return time.Duration(math.Round(-b.tokens/b.rate*1e6)) * time.Microsecond
}

// unreserve gives back a token taken by reserve.
func (b *bucket) unreserve() {
	if b.rate > 0 {
		b.tokens = math.Min(b.burst, b.tokens+1)
	}
}

// idle reports whether the bucket is full at now, so forgetting it changes
// nothing.
func (b *bucket) idle(now time.Time) bool {
	b.refill(now)
	return b.rate <= 0 || b.tokens >= b.burst
}

// hold is a backoff the provider asked for: nothing passes until until;
// strikes counts rate-limit answers in a row.
type hold struct {
	until   time.Time
	strikes int
}

func (h hold) left(now time.Time) time.Duration { return max(h.until.Sub(now), 0) }

// paceLimits configure a pacer. A non-positive perSecond or pairInterval
// lifts that limit.
type paceLimits struct {
	perSecond    float64
	pairBurst    int
	pairInterval time.Duration
	maxWait      time.Duration
}

// pacer paces one phone number's sends: a throughput bucket for the number,
// a pair-rate bucket per recipient, and the backoffs Meta asked for.
type pacer struct {
	mu      sync.Mutex
	limits  paceLimits
	number  bucket
	numHold hold
	users   map[string]*userPace
	admits  int
}

type userPace struct {
	bucket
	hold
}

// sweepSize is how many recipients the pacer remembers before it forgets
// the idle ones.
const sweepSize = 4096

// numberBurst is the share of a second's throughput the number may send at
// once. Meta counts sends as they arrive, after the network's jitter: with
// a full second's burst, sends released on time but delayed unevenly on
// the way could arrive faster than the limit and be refused (130429). Half
// a second's worth leaves that much jitter room and keeps the rate.
const numberBurst = 0.5

func newPacer(l paceLimits) *pacer {
	return &pacer{limits: l, number: newBucket(l.perSecond, math.Max(l.perSecond*numberBurst, 1)), users: map[string]*userPace{}}
}

func (p *pacer) user(to string) *userPace {
	u := p.users[to]
	if u == nil {
		rate := 0.0
		if p.limits.pairInterval > 0 {
			rate = 1 / p.limits.pairInterval.Seconds()
		}
		u = &userPace{bucket: newBucket(rate, float64(max(p.limits.pairBurst, 1)))}
		p.users[to] = u
	}
	return u
}

// admit reserves one send to recipient to at now and returns how long to
// wait before sending. When that is longer than maxWait, ok is false,
// nothing is reserved, and wait is the retry-after to report.
func (p *pacer) admit(now time.Time, to string) (wait time.Duration, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sweep(now)
	u := p.user(to)
	if wait = max(p.numHold.left(now), u.hold.left(now)); wait > p.limits.maxWait {
		return wait, false
	}
	wait = max(wait, p.number.reserve(now), u.reserve(now))
	if wait > p.limits.maxWait {
		p.number.unreserve()
		u.unreserve()
		return wait, false
	}
	return wait, true
}

// holdNumber holds every send until until, unless a longer hold already
// does; strikes are the local pacer's own.
func (p *pacer) holdNumber(until time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if until.After(p.numHold.until) {
		p.numHold.until = until
	}
}

// release gives back a reservation whose send did not happen.
func (p *pacer) release(to string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.number.unreserve()
	p.user(to).unreserve()
}

// throttled records a rate-limit answer and returns the retry-after to
// report: scope "number" holds every send for max(hint, 1s·2^strikes) up
// to a minute; "recipient" holds sends to one user for Meta's documented
// 4^X seconds (X counting the strikes, from 0) up to an hour, or the hint.
func (p *pacer) throttled(now time.Time, scope, to string, hint time.Duration) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	var h *hold
	var d time.Duration
	switch scope {
	case "number":
		h = &p.numHold
		d = min(time.Second<<min(h.strikes, 6), time.Minute)
	case "recipient":
		h = &p.user(to).hold
		d = min(time.Duration(math.Pow(4, float64(min(h.strikes, 6))))*time.Second, time.Hour)
	default:
		return hint
	}
	d = max(d, hint)
	h.strikes++
	h.until = now.Add(d)
	return d
}

// accepted clears the strikes after a send the provider accepted.
func (p *pacer) accepted(to string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.numHold.strikes = 0
	if u := p.users[to]; u != nil {
		u.strikes = 0
	}
}

// sweep forgets idle recipients once there are many. Called with p.mu held.
func (p *pacer) sweep(now time.Time) {
	if p.admits++; len(p.users) < sweepSize || p.admits%1024 != 0 {
		return
	}
	for to, u := range p.users {
		if u.idle(now) && !u.until.After(now) {
			delete(p.users, to)
		}
	}
}
