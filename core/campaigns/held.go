package campaigns

import (
	"strings"

	"github.com/masteria/masteria/core/store"
)

// heldPrefix starts the resolution of a send the provider accepted but
// holds (WhatsApp's template pacing answers "held_for_quality_assessment"):
// the ledger has no column for it, and resolution is the row's note on how
// its attempt ended; the status stays sent (RATIONALE).
const heldPrefix = store.HeldMark + ": "

// heldText is the English after heldPrefix.
const heldText = "the provider holds the message for quality assessment (template pacing); it goes out, or fails with 132015, later"

// heldResolution is a held send's resolution, with the note its attempt
// already had (a resend after an ambiguous attempt) after it.
func heldResolution(note string) string {
	if note == "" {
		return heldPrefix + heldText
	}
	return heldPrefix + heldText + "; " + note
}

// heldNow says whether the provider still holds a row's message: its
// resolution says held, and no status after sent came (delivered, read or
// failed end the hold).
func heldNow(row store.Send) bool {
	return row.Status == store.SendSent && strings.HasPrefix(row.Resolution, heldPrefix)
}
