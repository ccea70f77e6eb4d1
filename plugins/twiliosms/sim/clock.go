package sim

import (
	"time"

	"github.com/masteria/masteria/plugins/internal/simclock"
)

// Clock is the simulator's source of time; see [simclock.Clock].
type Clock = simclock.Clock

// SystemClock is the wall clock.
type SystemClock = simclock.SystemClock

// ManualClock is a clock tests advance by hand; due timers fire in Advance.
type ManualClock = simclock.ManualClock

// NewManualClock starts a manual clock at start.
func NewManualClock(start time.Time) *ManualClock { return simclock.NewManualClock(start) }

type scheduler = simclock.Scheduler

func newScheduler(c Clock) *scheduler { return simclock.NewScheduler(c) }
