package campaigns

import (
	"context"
	"sync"
	"time"

	"github.com/masteria/masteria/core/store"
)

// live is a campaign as the send path sees it: its row and compiled plan,
// re-read at most a second later so a pause on another instance is seen.
type live struct {
	c    store.Campaign
	plan *plan
	at   time.Time

	scopeOnce sync.Once
	scope     string // planScope, asked once per read
}

const liveTTL = time.Second

// live returns the campaign, cached briefly.
func (s *Service) live(ctx context.Context, tenantID, id string) (*live, error) {
	if v, ok := s.cache.Load(id); ok {
		if l := v.(*live); time.Since(l.at) < liveTTL && l.c.TenantID == tenantID {
			return l, nil
		}
	}
	c, err := s.Store.GetCampaign(ctx, tenantID, id)
	if err != nil {
		return nil, err
	}
	pl, err := planOf(c)
	if err != nil {
		return nil, err
	}
	l := &live{c: c, plan: pl, at: time.Now()}
	s.cache.Store(id, l)
	return l, nil
}

// forget drops a campaign from the cache after this process changed it.
func (s *Service) forget(id string) { s.cache.Delete(id) }
