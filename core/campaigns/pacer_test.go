package campaigns

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable time for the pacer.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func testPacer(reached map[string]time.Time) (*Pacer, *fakeClock) {
	clk := &fakeClock{t: time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)}
	p := newPacer(clk.Now)
	p.Reached = func(context.Context, string, string, time.Time) (map[string]time.Time, error) { return reached, nil }
	return p, clk
}

// admitted counts how many of n asks may go within ahead, at one instant.
func admitted(t *testing.T, p *Pacer, n int, ahead time.Duration, ask func(i int) Ask) (int, string) {
	t.Helper()
	ok, last := 0, ""
	for i := 0; i < n; i++ {
		wait, reason, err := p.Reserve(context.Background(), ask(i), ahead)
		if err != nil {
			t.Fatal(err)
		}
		if wait <= ahead {
			ok++
		} else {
			last = reason
		}
	}
	return ok, last
}

func TestPacerThroughputPerSender(t *testing.T) {
	p, clk := testPacer(nil)
	ask := func(sender string) func(int) Ask {
		return func(i int) Ask {
			return Ask{TenantID: "t", Sender: sender, Address: fmt.Sprint("+55", i), MPS: 80, Tier: -1}
		}
	}
	if n, why := admitted(t, p, 200, 0, ask("a")); n != 80 || why != WaitThroughput {
		t.Fatalf("at once: %d admitted (%s), want the 80-message burst", n, why)
	}
	if n, _ := admitted(t, p, 200, time.Second, ask("a")); n != 80 {
		t.Fatalf("within the next second: %d, want 80 more", n)
	}
	if n, _ := admitted(t, p, 100, 0, ask("b")); n != 80 {
		t.Fatalf("another sender has its own bucket: %d", n)
	}
	clk.Advance(time.Second) // repays the 80 borrowed ahead
	if n, _ := admitted(t, p, 100, 0, ask("a")); n != 0 {
		t.Fatalf("after 1s the tokens borrowed ahead are repaid, none left: %d", n)
	}
	clk.Advance(time.Second)
	if n, _ := admitted(t, p, 100, 0, ask("a")); n != 80 {
		t.Fatalf("a second later a full second's worth: %d", n)
	}
}

func TestPacerPairRate(t *testing.T) {
	p, clk := testPacer(nil)
	ask := func(int) Ask {
		return Ask{TenantID: "t", Sender: "a", Address: "+5511", PairEvery: 6 * time.Second, PairBurst: 3, Tier: -1}
	}
	if n, why := admitted(t, p, 10, 0, ask); n != 3 || why != WaitPair {
		t.Fatalf("burst to one recipient: %d (%s)", n, why)
	}
	other := func(int) Ask {
		return Ask{TenantID: "t", Sender: "a", Address: "+5522", PairEvery: 6 * time.Second, PairBurst: 3, Tier: -1}
	}
	if n, _ := admitted(t, p, 1, 0, other); n != 1 {
		t.Fatal("another recipient is not held back")
	}
	clk.Advance(6 * time.Second)
	if n, _ := admitted(t, p, 10, 0, ask); n != 1 {
		t.Fatalf("after one interval one more: %d", n)
	}
	p.ThrottlePair("t", "a", "+5522", time.Minute)
	if wait, why, _ := p.Reserve(context.Background(), other(0), 0); wait < 59*time.Second || why != WaitBackoff {
		t.Fatalf("a pair rate-limit holds that recipient: %v %s", wait, why)
	}
}

// TestPacerMessagingTier: unique recipients per rolling 24 h, shared by
// every number (sender) of the portfolio, counted from the ledger too.
func TestPacerMessagingTier(t *testing.T) {
	before := map[string]time.Time{}
	p, clk := testPacer(before)
	for i := 0; i < 200; i++ { // reached earlier today, by any campaign
		before[fmt.Sprint("+old", i)] = clk.Now().Add(-time.Hour)
	}
	ask := func(sender string) func(int) Ask {
		return func(i int) Ask {
			return Ask{TenantID: "t", Sender: sender, Portfolio: "acme", Address: fmt.Sprint("+new-", sender, i), Tier: 250}
		}
	}
	n1, _ := admitted(t, p, 30, 0, ask("number-1"))
	n2, why := admitted(t, p, 30, 0, ask("number-2"))
	if n1 != 30 || n2 != 20 || why != WaitTier {
		t.Fatalf("a TIER_250 portfolio that reached 200 today: number 1 got %d, number 2 got %d (%s); want 30 and 20", n1, n2, why)
	}
	again := func(int) Ask {
		return Ask{TenantID: "t", Sender: "number-2", Portfolio: "acme", Address: "+old7", Tier: 250}
	}
	if n, _ := admitted(t, p, 1, 0, again); n != 1 {
		t.Fatal("a recipient already reached today does not count again")
	}
	wait, _, _ := p.Reserve(context.Background(), ask("number-1")(99), time.Hour) // longer than ahead: nothing taken
	if want := 23 * time.Hour; wait != want {
		t.Fatalf("the next slot frees when the oldest reach turns 24 h: %v, want %v", wait, want)
	}
	clk.Advance(23 * time.Hour)
	if n, _ := admitted(t, p, 300, 0, ask("number-3")); n != 200 {
		t.Fatalf("after the oldest reaches expired: %d", n)
	}
}

// TestPacerBacksOffAfterRateLimit: a provider rate limit holds the sender
// for its retry-after and halves its rate, which recovers over a minute.
func TestPacerBacksOffAfterRateLimit(t *testing.T) {
	p, clk := testPacer(nil)
	ask := func(i int) Ask { return Ask{TenantID: "t", Sender: "a", Address: fmt.Sprint(i), MPS: 100, Tier: -1} }
	admitted(t, p, 100, 0, ask)
	p.Throttle("t", "a", 5*time.Second)
	if wait, why, _ := p.Reserve(context.Background(), ask(0), time.Second); wait < 5*time.Second || why != WaitBackoff {
		t.Fatalf("held: %v %s", wait, why)
	}
	clk.Advance(5 * time.Second)
	if n, _ := admitted(t, p, 100, 0, ask); n < 50 || n > 60 {
		t.Fatalf("right after the hold the rate is about halved: %d at once, want 50–60", n)
	}
	clk.Advance(2 * time.Minute)
	if n, _ := admitted(t, p, 200, 0, ask); n != 100 {
		t.Fatalf("a minute later the full rate is back: %d", n)
	}
}

// TestPacerForgetsIdleRecipients: memory follows the send rate, not the
// audience: a recipient's pair bucket goes once it has refilled.
func TestPacerForgetsIdleRecipients(t *testing.T) {
	p, clk := testPacer(nil)
	for i := 0; i < 1000; i++ {
		if _, _, err := p.Reserve(context.Background(), Ask{TenantID: "t", Sender: "a", Address: fmt.Sprint(i), PairEvery: 6 * time.Second, PairBurst: 45, Tier: -1}, 0); err != nil {
			t.Fatal(err)
		}
	}
	clk.Advance(11 * time.Second)
	p.Reserve(context.Background(), Ask{TenantID: "t", Sender: "a", Address: "x", Tier: -1}, 0) // prunes
	if n := len(p.pairs); n > 1 {
		t.Fatalf("%d pair buckets kept after they refilled", n)
	}
}

// TestPacerUnlimitedLeavesNoDebt: sends without a limit on a sender do
// not count against a later limited campaign on the same sender.
func TestPacerUnlimitedLeavesNoDebt(t *testing.T) {
	p, _ := testPacer(nil)
	admitted(t, p, 1000, 0, func(i int) Ask { return Ask{TenantID: "t", Sender: "a", Address: fmt.Sprint(i), Tier: -1} })
	if n, _ := admitted(t, p, 100, 0, func(i int) Ask { return Ask{TenantID: "t", Sender: "a", Address: fmt.Sprint(i), MPS: 80, Tier: -1} }); n != 80 {
		t.Fatalf("after unlimited sends a limited campaign got %d at once, want 80", n)
	}
}
