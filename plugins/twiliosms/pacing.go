package twiliosms

import (
	"math"
	"sync"
	"time"
)

// pacer paces one sender: a token bucket of message segments per second
// (Twilio drains each sender's queue at its rate and refuses a queue over
// 10 h), and the backoff Twilio asks for with 429/20429. A non-positive
// rate lifts the limit.
type pacer struct {
	mu      sync.Mutex
	rate    float64 // segments per second
	burst   float64
	tokens  float64
	last    time.Time
	until   time.Time // backoff
	strikes int
	maxWait time.Duration
}

func newPacer(mps float64, maxWait time.Duration) *pacer {
	burst := math.Max(mps, 1)
	return &pacer{rate: mps, burst: burst, tokens: burst, maxWait: maxWait}
}

func (p *pacer) refill(now time.Time) {
	if p.last.IsZero() {
		p.last = now
	}
	if el := now.Sub(p.last).Seconds(); el > 0 {
		p.tokens = math.Min(p.burst, p.tokens+el*p.rate)
		p.last = now
	}
}

// admit reserves segments at now and returns how long to wait before
// sending: until the segments sent before have drained enough for this
// message to start, as Twilio's queue starts it. A message longer than
// the burst (a 4-segment text on a 1 segment/s long code) waits for an
// idle sender, not for its own segments: those drain after it is handed
// over, and the next sends wait for them. When the wait is longer than
// maxWait, ok is false, nothing is reserved, and wait is the retry-after
// to report.
func (p *pacer) admit(now time.Time, segments int) (wait time.Duration, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	wait = max(p.until.Sub(now), 0)
	if p.rate > 0 {
		p.refill(now)
		if need := math.Min(float64(segments), p.burst); p.tokens < need {
			wait = max(wait, time.Duration(math.Round((need-p.tokens)/p.rate*1e6))*time.Microsecond)
		}
		p.tokens -= float64(segments)
	}
	if wait > p.maxWait {
		p.unreserve(segments)
		return wait, false
	}
	return wait, true
}

// release gives back a reservation whose send did not happen.
func (p *pacer) release(segments int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.unreserve(segments)
}

func (p *pacer) unreserve(segments int) {
	if p.rate > 0 {
		p.tokens = math.Min(p.burst, p.tokens+float64(segments))
	}
}

// throttled records a rate-limit answer and returns the retry-after to
// report: the hint, or 1s doubling with each strike up to a minute.
func (p *pacer) throttled(now time.Time, hint time.Duration) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	d := max(hint, min(time.Second<<min(p.strikes, 6), time.Minute))
	p.strikes++
	p.until = now.Add(d)
	return d
}

// accepted clears the strikes after a send Twilio accepted.
func (p *pacer) accepted() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.strikes = 0
}
