package campaigns

import (
	"strings"

	"github.com/masteria/masteria/core/store"
)

// Why a queued send waits, as the ledger keys it (wait_reason): the
// pacer's reasons (WaitThroughput…), and these.
const (
	WaitPacing       = "pacing"        // a pacing limit the pacer did not name
	WaitOutsideHours = "outside_hours" // the campaign's allowed hours
	WaitPaused       = "paused"        // the campaign is paused; an earlier failure stays in error
)

// waitingPrefix starts the English text of a waiting row's error.
const waitingPrefix = "waiting: "

// waitTexts is the English each reason is stored as after waitingPrefix;
// a pacer reason is stored as itself.
var waitTexts = map[string]string{
	WaitOutsideHours: "outside the allowed hours",
	WaitPaused:       "the campaign is paused; it goes when the campaign is resumed",
}

// waitingText is the English a row waiting for reason holds as its error.
func waitingText(reason string) string {
	if t, ok := waitTexts[reason]; ok {
		return waitingPrefix + t
	}
	return waitingPrefix + firstOf(reason, WaitPacing)
}

// waitReasonOf reads back the reason a queued row's error was written
// from (waitingText), so the ledger can key rows written before the key
// existed too; "" when the row does not wait.
func waitReasonOf(row store.Send) string {
	why, ok := strings.CutPrefix(row.Error, waitingPrefix)
	if row.Status != store.SendQueued || !ok {
		return ""
	}
	for reason, t := range waitTexts {
		if why == t {
			return reason
		}
	}
	switch why {
	case WaitThroughput, WaitPair, WaitTier, WaitBackoff, WaitPacing:
		return why
	}
	return ""
}
