package whatsappcloud

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

var metaLimits = paceLimits{perSecond: 80, pairBurst: 45, pairInterval: 6 * time.Second, maxWait: 2 * time.Second}

// TestThroughputBucket: 40 sends (half a second's worth) pass at once, the
// next ones wait their 1/80 s turn, and a wait beyond maxWait is refused
// without reserving.
func TestThroughputBucket(t *testing.T) {
	p := newPacer(metaLimits)
	for i := range 40 {
		if wait, ok := p.admit(t0, "u"+strconv.Itoa(i)); !ok || wait != 0 {
			t.Fatalf("send %d: wait %v ok %v", i, wait, ok)
		}
	}
	if wait, ok := p.admit(t0, "late"); !ok || wait != 12500*time.Microsecond {
		t.Errorf("41st send: wait %v ok %v, want 12.5ms", wait, ok)
	}
	for i := range 159 { // fill the next two seconds
		p.admit(t0, "bulk"+strconv.Itoa(i))
	}
	if wait, ok := p.admit(t0, "refused"); ok || wait <= 2*time.Second {
		t.Errorf("beyond maxWait: wait %v ok %v", wait, ok)
	}
	if wait, ok := p.admit(t0.Add(3*time.Second), "later"); !ok || wait != 0 {
		t.Errorf("after refilling: wait %v ok %v (the refused send must not have reserved)", wait, ok)
	}
}

// TestPairRate: 45 messages to one user at once, then one per 6 s; other
// users are unaffected.
func TestPairRate(t *testing.T) {
	p := newPacer(paceLimits{pairBurst: 45, pairInterval: 6 * time.Second, maxWait: 2 * time.Second})
	for i := range 45 {
		if _, ok := p.admit(t0, user); !ok {
			t.Fatalf("burst send %d refused", i)
		}
	}
	if wait, ok := p.admit(t0, user); ok || wait != 6*time.Second {
		t.Errorf("46th send: wait %v ok %v, want refused with 6s", wait, ok)
	}
	if _, ok := p.admit(t0, "other"); !ok {
		t.Error("another user is held back")
	}
	if wait, ok := p.admit(t0.Add(5*time.Second), user); !ok || wait != time.Second {
		t.Errorf("5s later: wait %v ok %v, want to wait 1s", wait, ok)
	}
}

// TestBackoffWhenTold: Meta's rate-limit answers hold the number (doubling)
// or one recipient (4^X seconds); an accepted send resets the strikes.
func TestBackoffWhenTold(t *testing.T) {
	p := newPacer(paceLimits{maxWait: 0})
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		if got := p.throttled(t0, "number", "", 0); got != want {
			t.Errorf("number strike %d: %v, want %v", i, got, want)
		}
	}
	if wait, ok := p.admit(t0.Add(time.Second), "anyone"); ok || wait != 3*time.Second {
		t.Errorf("during the number's hold: wait %v ok %v", wait, ok)
	}
	if got := p.throttled(t0, "number", "", time.Minute); got != time.Minute {
		t.Errorf("a longer hint wins: %v", got)
	}
	for i, want := range []time.Duration{time.Second, 4 * time.Second, 16 * time.Second, 64 * time.Second} {
		if got := p.throttled(t0, "recipient", user, 0); got != want {
			t.Errorf("pair strike %d: %v, want %v (4^X)", i, got, want)
		}
	}
	p.accepted(user)
	if got := p.throttled(t0, "recipient", user, 0); got != time.Second {
		t.Errorf("after an accepted send: %v, want 1s again", got)
	}
}

// TestPacerForgetsIdleUsers keeps memory bounded.
func TestPacerForgetsIdleUsers(t *testing.T) {
	p := newPacer(metaLimits)
	p.limits.perSecond = 0
	for i := range 2 * sweepSize {
		p.admit(t0, "user"+strconv.Itoa(i))
	}
	p.admit(t0.Add(time.Hour), "one more") // the sweep runs every 1024 admits
	for range 1024 {
		p.admit(t0.Add(time.Hour), "one more")
	}
	if n := len(p.users); n > sweepSize {
		t.Errorf("%d users remembered after they went idle", n)
	}
}

// TestSendPacing runs the pacer through Send on the simulator's manual
// clock: a pair-rate answer holds that user back without another API
// call, and a throughput wait completes when the clock moves.
func TestSendPacing(t *testing.T) {
	f := newFixture(t, nil, map[string]any{"max_pacing_wait": "0s"})
	f.sim.InjectFault(sim.Fault{Code: 131056, Times: 1, Endpoint: "messages"})
	if _, err := f.send(helloWorld); classOf(err) != sdk.ClassRateLimited {
		t.Fatalf("131056: %v", err)
	}
	before := len(f.sim.Messages(sim.Filter{}))
	_, err := f.send(helloWorld)
	if _, ra, _ := sdk.ClassOf(err); !errors.Is(err, errPaced) || ra != time.Second {
		t.Errorf("second send to the user: %v (retry-after %v), want paced locally", err, ra)
	}
	other := helloWorld
	other.To = "+5511955554444"
	if _, err := f.send(other); err != nil {
		t.Errorf("another user: %v", err)
	}
	if n := len(f.sim.Messages(sim.Filter{})) - before; n != 1 {
		t.Errorf("the simulator got %d sends, want 1 (only the other user's)", n)
	}

	slow, _ := f.open(map[string]any{"throughput": 1})
	if _, err := slow.Send(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	timers := f.clock.Pending()
	done := make(chan error, 1)
	go func() { _, err := slow.Send(context.Background(), other); done <- err }()
	for f.clock.Pending() == timers { // until the send waits on the clock
		time.Sleep(time.Millisecond)
	}
	f.clock.Advance(time.Second)
	if err := <-done; err != nil {
		t.Errorf("the paced send: %v", err)
	}
}

// TestAHoldReachesTheConnectionsOtherInstances: a rate limit one instance
// learns, by webhook or from a refused send, holds the number on another
// instance serving the same connection (one KV), which reads the shared
// hold at most once every holdCheckEvery.
func TestAHoldReachesTheConnectionsOtherInstances(t *testing.T) {
	f := newFixture(t, nil, nil)
	other, _ := f.openWith(nil, f.kv)
	ctx := context.Background()
	held := func(p *simHosted) time.Duration {
		t.Helper()
		p.heedSharedHold(ctx)
		wait, ok := p.pace.admit(f.clock.Now(), user)
		if !ok {
			t.Fatalf("refused: %v", wait)
		}
		p.pace.release(user)
		return wait
	}
	// A system-level 130429 by webhook, taken by the first instance.
	handle(t, f.plugin, signed(sim.DemoAppSecret, readVector(t, "webhook_value_errors_130429.json")))
	if wait := held(other); wait != time.Second {
		t.Fatalf("the other instance holds %v after the webhook's 130429, want 1s", wait)
	}
	f.clock.Advance(time.Second)
	if wait := held(other); wait != 0 {
		t.Fatalf("held %v once the webhook's hold had passed", wait)
	}

	// A refused send on the first instance: the other holds as long, from
	// its first read of the shared hold a second after its last.
	f.sim.InjectFault(sim.Fault{Code: 130429, Times: 1, Endpoint: "messages"})
	_, err := f.send(helloWorld)
	_, retry, _ := sdk.ClassOf(err)
	if c := classOf(err); c != sdk.ClassRateLimited || retry <= holdCheckEvery {
		t.Fatalf("refused send: %v (%v, retry %v)", err, c, retry)
	}
	f.clock.Advance(holdCheckEvery / 2)
	if wait := held(other); wait != 0 {
		t.Fatalf("held %v: the shared hold was read again within %v", wait, holdCheckEvery)
	}
	f.clock.Advance(holdCheckEvery / 2)
	if wait := held(other); wait != retry-holdCheckEvery {
		t.Fatalf("the other instance holds %v, want the %v left of the first's %v", wait, retry-holdCheckEvery, retry)
	}
}
