package twiliosms

import (
	"context"
	"testing"
	"time"
)

// TestSenderBucket: a long code (1 segment/s) sends one segment at once,
// then each waits its turn; a wait beyond maxWait is refused without
// reserving.
func TestSenderBucket(t *testing.T) {
	p := newPacer(1, 2*time.Second)
	if wait, ok := p.admit(t0, 1); !ok || wait != 0 {
		t.Fatalf("first: %v %v", wait, ok)
	}
	if wait, ok := p.admit(t0, 1); !ok || wait != time.Second {
		t.Errorf("second: %v %v, want 1s", wait, ok)
	}
	if wait, ok := p.admit(t0, 1); !ok || wait != 2*time.Second {
		t.Errorf("third: %v %v, want 2s", wait, ok)
	}
	if wait, ok := p.admit(t0, 1); ok || wait != 3*time.Second {
		t.Errorf("fourth: %v %v, want refused with 3s", wait, ok)
	}
	if wait, ok := p.admit(t0.Add(time.Second), 1); !ok || wait != 2*time.Second {
		t.Errorf("a second later: %v %v (the refused send must not have reserved)", wait, ok)
	}
	p.release(1)
	if wait, _ := p.admit(t0.Add(time.Second), 1); wait != 2*time.Second {
		t.Errorf("after a release: %v", wait)
	}
}

// TestSenderLongMessage: a text longer than the sender's burst (a
// 230-character Portuguese reply is 4 UCS-2 segments, 28 for 1,850) goes
// out at once from an idle sender, as Twilio queues it; its segments then
// hold back the sends after it. It used to wait for its own segments,
// longer than max_pacing_wait, and was refused on every retry.
func TestSenderLongMessage(t *testing.T) {
	p := newPacer(1, 2*time.Second)
	if wait, ok := p.admit(t0, 28); !ok || wait != 0 {
		t.Fatalf("28 segments from an idle sender: %v %v, want sent at once", wait, ok)
	}
	if wait, ok := p.admit(t0, 1); ok || wait != 28*time.Second {
		t.Errorf("right after: %v %v, want refused with 28s", wait, ok)
	}
	if wait, ok := p.admit(t0.Add(27*time.Second), 4); !ok || wait != time.Second {
		t.Errorf("27 s later, 4 segments: %v %v, want 1s", wait, ok)
	}
}

// TestSenderBackoff: Twilio's 429 holds the sender, doubling per strike.
func TestSenderBackoff(t *testing.T) {
	p := newPacer(0, time.Second)
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		if got := p.throttled(t0, 0); got != want {
			t.Errorf("strike %d: %v, want %v", i, got, want)
		}
	}
	if wait, ok := p.admit(t0.Add(time.Second), 1); ok || wait != 3*time.Second {
		t.Errorf("during the hold: %v %v", wait, ok)
	}
	p.accepted()
	if got := p.throttled(t0, 30*time.Second); got != 30*time.Second {
		t.Errorf("a hint wins: %v", got)
	}
}

// TestSendWaitsOnClock: with a 1 segment/s sender the second send waits on
// the host's (manual) clock and goes out when it moves.
func TestSendWaitsOnClock(t *testing.T) {
	f := newFixture(t, nil, map[string]any{"sender_mps": 1.0})
	if _, err := f.send(hello); err != nil {
		t.Fatal(err)
	}
	timers := f.clock.Pending()
	done := make(chan error, 1)
	go func() { _, err := f.plugin.Send(context.Background(), hello); done <- err }()
	for f.clock.Pending() == timers {
		time.Sleep(time.Millisecond)
	}
	if n := f.createCount(); n != 1 {
		t.Fatalf("%d creates before the clock moved", n)
	}
	f.clock.Advance(time.Second)
	if err := <-done; err != nil || f.createCount() != 2 {
		t.Errorf("paced send: %v, %d creates", err, f.createCount())
	}
}
