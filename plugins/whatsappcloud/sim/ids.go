package sim

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
)

// idSource mints identifiers in Meta's formats. A seeded source makes IDs
// (and probabilistic fault injection) reproducible; a counter keeps them
// unique regardless of the seed.
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

// wamid returns a message ID shaped like Meta's: "wamid." + base64 of a
// small Thrift-compact record holding the user's wa_id, a direction flag and
// a hex message key (18 hex digits outbound, 20 inbound), as in the vectors.
func (g *idSource) wamid(waID string, inbound bool) string {
	g.mu.Lock()
	g.n++
	n, r := g.n, g.rng.Uint64()
	g.mu.Unlock()
	key := fmt.Sprintf("%08X%016X", n&0xffffffff, r)
	flag := byte(0x11)
	if inbound {
		flag = 0x12
	} else {
		key = key[:18]
	}
	if len(waID) > 15 {
		waID = waID[:15]
	}
	raw := []byte{0x1c, 0x18, byte(len(waID))}
	raw = append(raw, waID...)
	raw = append(raw, 0x15, 0x02, 0x00, flag, 0x18, byte(len(key)))
	raw = append(raw, key...)
	raw = append(raw, 0x00)
	return "wamid." + base64.StdEncoding.EncodeToString(raw)
}

// numericID returns a Graph object ID (media, templates): 15–16 digits.
func (g *idSource) numericID() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	return fmt.Sprintf("%d%06d", 1_000_000_000+g.rng.Int64N(8_999_999_999), g.n%1_000_000)
}

// fbtrace returns an fbtrace_id: 23 URL-safe characters.
func (g *idSource) fbtrace() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	g.mu.Lock()
	defer g.mu.Unlock()
	var b strings.Builder
	for range 23 {
		b.WriteByte(alphabet[g.rng.IntN(len(alphabet))])
	}
	return b.String()
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

// hex returns n random lowercase hex digits.
func (g *idSource) hex(n int) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.rng.IntN(16)]
	}
	return string(b)
}
