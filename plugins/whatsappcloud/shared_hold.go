package whatsappcloud

import (
	"context"
	"strconv"
	"sync/atomic"
	"time"
)

// holdKey is where a number's hold (Meta said slow down) is kept in the
// connection's KV, which every instance of the connection shares: a rate
// limit reported by webhook reaches whichever instance took the webhook,
// and a new owner after a handover would otherwise forget a pending hold.
const holdKey = "hold:number"

// holdCheckEvery is how often a sending instance reads the shared hold: at
// most one KV read a second per number, against the several a send makes.
const holdCheckEvery = time.Second

// sharedHold tracks when the shared hold was last read.
type sharedHold struct{ checked atomic.Int64 } // Unix ns

// shareHold records that the number is held until until, for the other
// instances of the connection.
func (p *Plugin) shareHold(ctx context.Context, until time.Time) {
	ttl := until.Sub(p.host.Clock.Now())
	if ttl <= 0 {
		return
	}
	if err := p.host.KV.Set(ctx, holdKey, []byte(strconv.FormatInt(until.UnixMilli(), 10)), ttl); err != nil {
		p.host.Log.Warn("sharing the number's hold", "error", err)
	}
}

// heedSharedHold applies a hold another instance recorded, reading it at
// most once every holdCheckEvery.
func (p *Plugin) heedSharedHold(ctx context.Context) {
	now := p.host.Clock.Now()
	last := p.held.checked.Load()
	if now.UnixNano()-last < int64(holdCheckEvery) || !p.held.checked.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	raw, err := p.host.KV.Get(ctx, holdKey)
	if err != nil {
		return // none, or unreadable: the local pacer still holds what it learned
	}
	if ms, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
		p.pace.holdNumber(time.UnixMilli(ms))
	}
}
