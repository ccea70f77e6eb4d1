package campaigns

import (
	"testing"

	"github.com/masteria/masteria/core/store"
)

// TestWaitReasonsReadBackFromTheirText: every reason a queued row is
// written with reads back from its English; a row that does not wait, or
// a text no reason wrote, has none.
func TestWaitReasonsReadBackFromTheirText(t *testing.T) {
	for _, why := range []string{WaitThroughput, WaitPair, WaitTier, WaitBackoff, WaitPacing, WaitOutsideHours, WaitPaused} {
		row := store.Send{Status: store.SendQueued, Error: waitingText(why)}
		if got := waitReasonOf(row); got != why {
			t.Fatalf("%s: %q reads back as %q", why, row.Error, got)
		}
	}
	if got := waitingText(""); got != "waiting: pacing" {
		t.Fatalf("unnamed pacing: %q", got)
	}
	if got := waitingText(WaitOutsideHours); got != "waiting: outside the allowed hours" {
		t.Fatalf("the English changed: %q", got)
	}
	for _, row := range []store.Send{
		{Status: store.SendFailed, Error: waitingText(WaitPacing)},
		{Status: store.SendQueued, Error: "waiting: something else"},
		{Status: store.SendQueued, ErrorCode: "131048", Error: "spam rate limit hit"},
	} {
		if got := waitReasonOf(row); got != "" {
			t.Fatalf("%+v waits for %q", row, got)
		}
	}
	paused := store.Send{Status: store.SendQueued, ErrorCode: "131048", Error: "spam rate limit hit"}
	waitingForResume(&paused)
	if paused.WaitReason != WaitPaused || paused.Error != "waiting: the campaign is paused; its last attempt failed: spam rate limit hit" {
		t.Fatalf("paused after a failure: %+v", paused)
	}
}
