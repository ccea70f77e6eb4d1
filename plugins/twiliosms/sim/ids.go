package sim

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// idSource mints Twilio SIDs. A seeded source makes SIDs (and probabilistic
// fault injection) reproducible; a counter keeps them unique.
type idSource struct {
	mu  sync.Mutex
	rng *rand.Rand
	n   uint64
}

func newIDSource(seed uint64) *idSource {
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	return &idSource{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// sid returns prefix + 32 lowercase hex digits, e.g. "SM" + …, "MM" + ….
func (g *idSource) sid(prefix string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	return fmt.Sprintf("%s%08x%016x%08x", prefix, uint32(g.n), g.rng.Uint64(), g.rng.Uint32())
}

// chance reports true with probability p (p >= 1 is always true).
func (g *idSource) chance(p float64) bool {
	if p >= 1 {
		return true
	}
	if p <= 0 {
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.rng.Float64() < p
}
