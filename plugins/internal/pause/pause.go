// Package pause waits between a plugin's quick retries.
package pause

import (
	"context"
	"time"
)

// Sleep waits d of real time (the provider's, not the flow's: a manual
// test clock must not hold a download up), or until ctx ends; false when
// ctx ended first.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
