package campaigns

import (
	"context"
	"sync"
	"time"
)

// Pacer stacks every sending limit: per-sender throughput (a token bucket,
// slowed down and held after the provider rate-limits it), the per-
// recipient pair rate, and the WhatsApp daily messaging tier (unique
// recipients per rolling 24 h, shared by a portfolio's numbers). It reads
// time only from Now, so tests drive it with a fake clock.
type Pacer struct {
	Now func() time.Time
	// Reached loads the addresses a portfolio reached since a time (the
	// ledger), so the tier survives restarts and counts every campaign.
	Reached func(ctx context.Context, tenantID, portfolio string, since time.Time) (map[string]time.Time, error)

	mu        sync.Mutex
	senders   map[string]*senderPace
	pairs     map[string]*pairPace
	tiers     map[string]*tierPace
	lastPrune time.Time
}

// Ask is one send's pacing request.
type Ask struct {
	TenantID, Sender, Portfolio, Address string
	MPS                                  float64 // <= 0: no throughput limit
	PairEvery                            time.Duration
	PairBurst                            int
	Tier                                 int // unique recipients per 24 h; -1 unlimited
}

// Reasons a send must wait.
const (
	WaitThroughput = "throughput"
	WaitPair       = "pair_rate"
	WaitTier       = "messaging_tier"
	WaitBackoff    = "rate_limited"
)

// bucket is a token bucket that lends: a reservation may take a token not
// yet refilled, and the caller waits until it is.
type bucket struct {
	tokens float64
	last   time.Time
}

func (b *bucket) refill(now time.Time, rate, burst float64) {
	if b.last.IsZero() {
		b.tokens, b.last = burst, now
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens, b.last = min(burst, b.tokens+el*rate), now
	}
}

// wait is how long a reservation made now would wait.
func (b *bucket) wait(now time.Time, rate, burst float64) time.Duration {
	b.refill(now, rate, burst)
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) / rate * float64(time.Second))
}

type senderPace struct {
	bucket
	blockedUntil time.Time
	throttledAt  time.Time
	factor       float64 // share of the configured rate after a throttle
}

// rate is the sender's rate now: halved by each throttle, recovering
// linearly to the full rate over a minute.
func (s *senderPace) rate(mps float64, now time.Time) float64 {
	if s.throttledAt.IsZero() {
		return mps
	}
	f := min(1, s.factor+now.Sub(s.throttledAt).Minutes())
	return mps * f
}

type pairPace struct {
	bucket
	blockedUntil time.Time
	fullAt       time.Time // refilled to its burst: the same as no entry
}

func newPacer(now func() time.Time) *Pacer {
	return &Pacer{Now: now, senders: map[string]*senderPace{}, pairs: map[string]*pairPace{}, tiers: map[string]*tierPace{}}
}

// Reserve says when the send may go: a wait of 0 is now. When the wait is
// at most ahead, the tokens are taken and the caller sends after waiting;
// beyond ahead nothing is taken and reason names the limit.
func (p *Pacer) Reserve(ctx context.Context, a Ask, ahead time.Duration) (time.Duration, string, error) {
	if err := p.loadTier(ctx, a); err != nil {
		return 0, "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.Now()
	p.prune(now)
	s, pair, tier := p.sender(a), p.pair(a), p.tiers[tierKey(a)]
	wait, reason := time.Duration(0), ""
	worse := func(d time.Duration, why string) {
		if d > wait {
			wait, reason = d, why
		}
	}
	worse(s.blockedUntil.Sub(now), WaitBackoff)
	worse(pair.blockedUntil.Sub(now), WaitBackoff)
	rate := s.rate(a.MPS, now)
	if a.MPS > 0 {
		worse(s.wait(now, rate, max(1, rate)), WaitThroughput)
	}
	if a.PairEvery > 0 {
		worse(pair.wait(now, 1/a.PairEvery.Seconds(), float64(max(1, a.PairBurst))), WaitPair)
	}
	if tier != nil {
		worse(tier.wait(a.Address, now), WaitTier)
	}
	if wait > ahead {
		return wait, reason, nil
	}
	if a.MPS > 0 {
		s.tokens--
	}
	if a.PairEvery > 0 { // when the pair's bucket is full again, it can be forgotten
		pair.tokens--
		pair.fullAt = now.Add(time.Duration((float64(max(1, a.PairBurst)) - pair.tokens) * float64(a.PairEvery)))
	}
	if tier != nil {
		tier.admit(a.Address, now.Add(wait))
	}
	return max(wait, 0), reason, nil
}

func (p *Pacer) sender(a Ask) *senderPace {
	k := a.TenantID + "|" + a.Sender
	s := p.senders[k]
	if s == nil {
		s = &senderPace{}
		p.senders[k] = s
	}
	return s
}

func (p *Pacer) pair(a Ask) *pairPace {
	k := a.TenantID + "|" + a.Sender + "|" + a.Address
	s := p.pairs[k]
	if s == nil {
		s = &pairPace{}
		p.pairs[k] = s
	}
	return s
}

// Throttle holds a sender after the provider rate-limited it, and halves
// its rate (recovering over a minute).
func (p *Pacer) Throttle(tenantID, sender string, retryAfter time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.Now()
	s := p.sender(Ask{TenantID: tenantID, Sender: sender})
	if f := s.rate(1, now); s.throttledAt.IsZero() || f > 0.1 {
		s.factor = max(0.05, f/2)
	}
	s.throttledAt = now
	s.blockedUntil = later(s.blockedUntil, now.Add(max(retryAfter, time.Second)))
}

// ThrottlePair holds sends from sender to one recipient (WhatsApp's pair
// rate limit, 131056).
func (p *Pacer) ThrottlePair(tenantID, sender, address string, retryAfter time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	pp := p.pair(Ask{TenantID: tenantID, Sender: sender, Address: address})
	pp.blockedUntil = later(pp.blockedUntil, p.Now().Add(max(retryAfter, time.Second)))
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// prune forgets pair buckets that are full again (a recipient's burst
// refills one interval per message), so memory follows the send rate
// rather than the number of recipients.
func (p *Pacer) prune(now time.Time) {
	if now.Sub(p.lastPrune) < 10*time.Second {
		return
	}
	p.lastPrune = now
	for k, pp := range p.pairs {
		if now.After(pp.blockedUntil) && !now.Before(pp.fullAt) {
			delete(p.pairs, k)
		}
	}
	for _, t := range p.tiers {
		t.prune(now)
	}
}
