package campaigns

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// breaker watches a campaign's latest outcomes and trips when the share of
// undeliverable or blocked sends, or of opt-outs, passes its limit.
type breaker struct {
	cfg     Breaker
	ring    []int8 // signal per outcome, newest at next-1
	codes   []string
	next, n int
	counts  [3]int
	tripped bool
}

func newBreaker(cfg Breaker) *breaker {
	return &breaker{cfg: cfg, ring: make([]int8, cfg.Window), codes: make([]string, cfg.Window)}
}

// record adds one outcome; it returns a reason once, when the breaker trips.
func (b *breaker) record(signal int, code string) string {
	if b.cfg.Disabled || b.tripped {
		return ""
	}
	if b.n == len(b.ring) {
		b.counts[b.ring[b.next]]--
	} else {
		b.n++
	}
	b.ring[b.next], b.codes[b.next] = int8(signal), code
	b.counts[signal]++
	b.next = (b.next + 1) % len(b.ring)
	if b.n < b.cfg.MinSamples {
		return ""
	}
	for _, lim := range []struct {
		signal int
		max    float64
		what   string
	}{{signalUndeliverable, b.cfg.MaxUndeliverable, "undeliverable or blocked"}, {signalOptOut, b.cfg.MaxOptOut, "opt-outs"}} {
		share := float64(b.counts[lim.signal]) / float64(b.n)
		if share > lim.max {
			b.tripped = true
			return fmt.Sprintf("circuit breaker: %d of the last %d sends (%.0f%%) were %s%s; the limit is %.0f%%",
				b.counts[lim.signal], b.n, share*100, lim.what, b.topCodes(lim.signal), lim.max*100)
		}
	}
	return ""
}

// topCodes lists the commonest codes of a signal in the window.
func (b *breaker) topCodes(signal int) string {
	count := map[string]int{}
	for i := 0; i < b.n; i++ {
		if int(b.ring[i]) == signal && b.codes[i] != "" {
			count[b.codes[i]]++
		}
	}
	if len(count) == 0 {
		return ""
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return count[keys[i]] > count[keys[j]] || count[keys[i]] == count[keys[j]] && keys[i] < keys[j]
	})
	parts := make([]string, 0, 3)
	for _, k := range keys[:min(3, len(keys))] {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, count[k]))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// breakers holds one breaker per campaign in this process.
type breakers struct {
	mu sync.Mutex
	m  map[string]*breaker
}

// record feeds the campaign's breaker, making it on first use; it returns
// the trip reason, once.
func (bs *breakers) record(campaignID string, cfg Breaker, signal int, code string) string {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if bs.m == nil {
		bs.m = map[string]*breaker{}
	}
	b := bs.m[campaignID]
	if b == nil {
		b = newBreaker(cfg)
		bs.m[campaignID] = b
	}
	return b.record(signal, code)
}

// reset starts the campaign's breaker afresh (on resume).
func (bs *breakers) reset(campaignID string) {
	bs.mu.Lock()
	delete(bs.m, campaignID)
	bs.mu.Unlock()
}
