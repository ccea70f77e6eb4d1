package campaigns

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
)

// outcome is what the breaker hears of one send: it went out (signalOK),
// it failed (failed, with the provider's code and words), or its contact
// opted out afterwards.
type outcome struct {
	signal  int
	code    string
	message string
	failed  bool
}

// sentOK is a send the provider accepted.
var sentOK = outcome{signal: signalOK}

// failure is a failed send; a code no signal names is signalFailed.
func failure(signal int, code, message string) outcome {
	if signal == signalOK {
		signal = signalFailed
	}
	return outcome{signal: signal, code: code, message: message, failed: true}
}

// breaker watches a campaign's latest outcomes and trips when the share of
// undeliverable or blocked sends, of opt-outs or of failures passes its
// limit, or when the first sends since the campaign started (or resumed)
// all failed.
type breaker struct {
	cfg     Breaker
	ring    []int8 // signal per outcome, newest at next-1
	codes   []string
	next, n int
	counts  [4]int
	tripped bool
	start   firstSends
}

func newBreaker(cfg Breaker) *breaker {
	return &breaker{cfg: cfg, ring: make([]int8, cfg.Window), codes: make([]string, cfg.Window)}
}

// record adds one outcome; it returns a reason once, when the breaker trips.
func (b *breaker) record(o outcome) Reason {
	if b.cfg.Disabled || b.tripped {
		return Reason{}
	}
	if reason := b.start.add(o); reason.Code != "" {
		b.tripped = true
		return reason
	}
	if b.n == len(b.ring) {
		b.counts[b.ring[b.next]]--
	} else {
		b.n++
	}
	b.ring[b.next], b.codes[b.next] = int8(o.signal), o.code
	b.counts[o.signal]++
	b.next = (b.next + 1) % len(b.ring)
	if b.n < b.cfg.MinSamples {
		return Reason{}
	}
	return b.overLimit()
}

// overLimit is the trip reason when a share in the window passed its
// limit. Failures count undeliverable sends too (they failed), so a list
// half of bad numbers and half of a paused template trips as well.
func (b *breaker) overLimit() Reason {
	for _, lim := range []struct {
		signals []int
		max     float64
		what    string
		code    string
	}{
		{[]int{signalUndeliverable}, b.cfg.MaxUndeliverable, "undeliverable or blocked", ReasonBreakerUndeliverable},
		{[]int{signalOptOut}, b.cfg.MaxOptOut, "opt-outs", ReasonBreakerOptOuts},
		{[]int{signalUndeliverable, signalFailed}, b.cfg.MaxFailed, "failures", ReasonBreakerFailures},
	} {
		if lim.max <= 0 {
			continue // unset: compile gives every limit its default
		}
		n := 0
		for _, sig := range lim.signals {
			n += b.counts[sig]
		}
		share := float64(n) / float64(b.n)
		if share > lim.max {
			b.tripped = true
			return b.tripReason(lim.code, lim.what, n, share, lim.max, b.topCodes(lim.signals))
		}
	}
	return Reason{}
}

// tripReason says which share passed its limit, with the codes behind it.
// Percentages are rounded as the text prints them.
func (b *breaker) tripReason(code, what string, n int, share, limit float64, codes []failureCount) Reason {
	listed := ""
	if len(codes) > 0 {
		parts := make([]string, 0, len(codes))
		for _, c := range codes {
			parts = append(parts, fmt.Sprintf("%s ×%d", c.Code, c.Count))
		}
		listed = " (" + strings.Join(parts, ", ") + ")"
	}
	return Reason{
		Text: fmt.Sprintf("circuit breaker: %d of the last %d sends (%.0f%%) were %s%s; the limit is %.0f%%",
			n, b.n, share*100, what, listed, limit*100),
		Code: code,
		Params: map[string]any{"count": n, "window": b.n, "percent": int(math.RoundToEven(share * 100)),
			"limit": int(math.RoundToEven(limit * 100)), "codes": codes},
	}
}

// topCodes is the commonest codes of the signals in the window (up to 3).
func (b *breaker) topCodes(signals []int) []failureCount {
	count := map[string]int{}
	for i := 0; i < b.n; i++ {
		for _, sig := range signals {
			if int(b.ring[i]) == sig && b.codes[i] != "" {
				count[b.codes[i]]++
			}
		}
	}
	out := []failureCount{}
	for _, k := range commonest(count, 3) {
		out = append(out, failureCount{Code: k, Count: int64(count[k])})
	}
	return out
}

// commonest is up to n keys of count, the highest counts first.
func commonest[N int | int64](count map[string]N, n int) []string {
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return count[keys[i]] > count[keys[j]] || count[keys[i]] == count[keys[j]] && keys[i] < keys[j]
	})
	return keys[:min(n, len(keys))]
}

// breakers holds one breaker per campaign in this process.
type breakers struct {
	mu sync.Mutex
	m  map[string]*breaker
}

// record feeds the campaign's breaker, making it on first use; it returns
// the trip reason, once.
func (bs *breakers) record(campaignID string, cfg Breaker, o outcome) Reason {
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
	return b.record(o)
}

// reset starts the campaign's breaker afresh (on resume).
func (bs *breakers) reset(campaignID string) {
	bs.mu.Lock()
	delete(bs.m, campaignID)
	bs.mu.Unlock()
}
