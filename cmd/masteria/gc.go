package main

import (
	"os"
	"runtime/debug"
)

// serverGCPercent is the garbage collector's target for the long-running
// processes (`serve` and the shipped plugins' subprocesses): the heap may
// grow to four times what is live before a collection, instead of Go's
// default two. Their live heaps are small (tens of MB), so this costs
// little memory, and at a few thousand inbound webhooks a second the
// collector had taken about a tenth of the server's CPU: with 300,
// BenchmarkInboundWebhooks measured 0.22 CPU-s per 1,000 against 0.28.
// GOGC, when set, wins.
const serverGCPercent = 300

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serverGCPercent)
	}
}
