// Package simclock is the time source the provider simulators share: the
// system clock, or a manual clock tests advance, and a scheduler of timers
// on either.
package simclock

import (
	"sync"
	"time"
)

// Clock is a simulator's source of time. Everything time-dependent (rate
// limits, windows, status progression, webhook retries) reads it, so a test
// can drive a simulator with a [ManualClock] and never sleep.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// AfterFunc runs f once d has elapsed. stop cancels it and reports
	// whether it did so before f started.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// SystemClock is the wall clock; its timers run f on their own goroutines.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// AfterFunc wraps time.AfterFunc.
func (SystemClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}

// ManualClock is a [Clock] that only moves when told to. Timers fire inside
// [ManualClock.Advance], on the caller's goroutine, in order of due time, so
// a webhook scheduled for "in 2 seconds" has been delivered (or failed) by
// the time Advance(2*time.Second) returns.
type ManualClock struct {
	mu     sync.Mutex
	now    time.Time
	seq    uint64
	timers []*manualTimer
}

type manualTimer struct {
	due time.Time
	seq uint64
	f   func()
}

// NewManualClock returns a clock stopped at start.
func NewManualClock(start time.Time) *ManualClock {
	return &ManualClock{now: start}
}

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// AfterFunc schedules f for Now()+d.
func (c *ManualClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &manualTimer{due: c.now.Add(d), seq: c.seq, f: f}
	c.seq++
	c.timers = append(c.timers, t)
	return func() bool { return c.remove(t) }
}

func (c *ManualClock) remove(t *manualTimer) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, x := range c.timers {
		if x == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			return true
		}
	}
	return false
}

// Advance moves the clock forward by d, firing every timer that falls due on
// the way, including timers scheduled by the timers it fires.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	target := c.now.Add(d)
	c.mu.Unlock()
	for t := c.popDue(target); t != nil; t = c.popDue(target) {
		t.f()
	}
	c.mu.Lock()
	if c.now.Before(target) {
		c.now = target
	}
	c.mu.Unlock()
}

// Pending returns how many timers are waiting to fire.
func (c *ManualClock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

func (c *ManualClock) popDue(target time.Time) *manualTimer {
	c.mu.Lock()
	defer c.mu.Unlock()
	best := -1
	for i, t := range c.timers {
		if t.due.After(target) {
			continue
		}
		if best < 0 || t.due.Before(c.timers[best].due) ||
			(t.due.Equal(c.timers[best].due) && t.seq < c.timers[best].seq) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	t := c.timers[best]
	c.timers = append(c.timers[:best], c.timers[best+1:]...)
	if t.due.After(c.now) {
		c.now = t.due
	}
	return t
}

// Scheduler runs delayed work on a Clock and can cancel all of it, so Reset
// and Close leave no timer behind.
type Scheduler struct {
	clock  Clock
	mu     sync.Mutex
	next   uint64
	timers map[uint64]func() bool
	closed bool
	wg     sync.WaitGroup
}

func NewScheduler(c Clock) *Scheduler {
	return &Scheduler{clock: c, timers: map[uint64]func() bool{}}
}

// After runs f once d has elapsed, unless the scheduler is stopped first.
func (s *Scheduler) After(d time.Duration, f func()) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	id := s.next
	s.next++
	s.timers[id] = nil
	s.wg.Add(1)
	s.mu.Unlock()
	stop := s.clock.AfterFunc(d, func() {
		defer s.wg.Done()
		s.mu.Lock()
		_, live := s.timers[id]
		delete(s.timers, id)
		s.mu.Unlock()
		if live {
			f()
		}
	})
	s.mu.Lock()
	if _, ok := s.timers[id]; ok && !s.closed {
		s.timers[id] = stop
		s.mu.Unlock()
		return
	}
	delete(s.timers, id)
	s.mu.Unlock()
	if stop() { // cancelled while being scheduled
		s.wg.Done()
	}
}

// CancelAll stops every pending timer; close also refuses new ones and
// waits for running ones.
func (s *Scheduler) CancelAll(close bool) {
	s.mu.Lock()
	s.closed = s.closed || close
	stops := make([]func() bool, 0, len(s.timers))
	for id, stop := range s.timers {
		if stop != nil {
			stops = append(stops, stop)
		}
		delete(s.timers, id)
	}
	s.mu.Unlock()
	for _, stop := range stops {
		if stop() {
			s.wg.Done()
		}
	}
	if close {
		s.wg.Wait()
	}
}
