package campaigns

import (
	"context"
	"sort"
	"time"
)

// tierPace counts the unique recipients a portfolio reached in a rolling
// 24 h against its messaging tier. It starts from the ledger (every
// campaign, every instance, before a restart) and is refreshed from it.
type tierPace struct {
	limit    int
	first    map[string]time.Time
	queue    []reach // first reaches, oldest first
	loadedAt time.Time
}

type reach struct {
	addr string
	at   time.Time
}

const tierPeriod = 24 * time.Hour

// tierRefresh is how often the count is re-read from the ledger.
const tierRefresh = time.Minute

func tierKey(a Ask) string { return a.TenantID + "|" + a.Portfolio }

// wait is 0 when addr may be reached now, else until a slot frees up.
func (t *tierPace) wait(addr string, now time.Time) time.Duration {
	t.prune(now)
	if _, ok := t.first[addr]; ok || len(t.first) < t.limit {
		return 0
	}
	return t.queue[0].at.Add(tierPeriod).Sub(now)
}

func (t *tierPace) admit(addr string, at time.Time) {
	if _, ok := t.first[addr]; ok {
		return
	}
	t.first[addr] = at
	t.queue = append(t.queue, reach{addr, at})
}

func (t *tierPace) prune(now time.Time) {
	for len(t.queue) > 0 && now.Sub(t.queue[0].at) >= tierPeriod {
		if t.first[t.queue[0].addr] == t.queue[0].at {
			delete(t.first, t.queue[0].addr)
		}
		t.queue = t.queue[1:]
	}
}

// loadTier reads the portfolio's reach from the ledger when first needed
// and every tierRefresh, keeping local reservations not yet recorded.
func (p *Pacer) loadTier(ctx context.Context, a Ask) error {
	if a.Tier < 0 || p.Reached == nil {
		return nil
	}
	k := tierKey(a)
	p.mu.Lock()
	t := p.tiers[k]
	now := p.Now()
	fresh := t != nil && now.Sub(t.loadedAt) < tierRefresh && t.limit == a.Tier
	p.mu.Unlock()
	if fresh {
		return nil
	}
	got, err := p.Reached(ctx, a.TenantID, a.Portfolio, now.Add(-tierPeriod))
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	next := &tierPace{limit: a.Tier, first: map[string]time.Time{}, loadedAt: now}
	if t != nil {
		for _, r := range t.queue {
			next.admit(r.addr, r.at)
		}
	}
	for addr, at := range got {
		next.admit(addr, at)
	}
	sortReaches(next.queue)
	p.tiers[k] = next
	return nil
}

func sortReaches(rs []reach) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].at.Before(rs[j].at) })
}
