package campaigns

import (
	"fmt"
	"strings"
)

// firstSendsToJudge is how many sends a campaign's start is judged by:
// when that many failed and none went out, the failure is the campaign's
// (a template that does not exist or is paused, a wrong connection, a
// list of bad numbers), not its recipients', and every send after them
// would fail the same way. The window's share limits wait for 50 samples
// and count only codes known to mean a bad recipient, so they never saw
// it: a campaign of 15 whose every send failed completed as if it went
// well.
const firstSendsToJudge = 10

// firstSends watches a campaign's first sends since it started or
// resumed, and says why to pause when they all failed.
type firstSends struct {
	seen     int
	wentOut  bool
	codes    map[string]int
	messages map[string]string // the first provider message per code
}

// add counts a send's outcome; opt-outs reported later are no send's.
func (f *firstSends) add(o outcome) string {
	if f.wentOut || f.seen >= firstSendsToJudge || o.signal != signalOK && !o.failed {
		return ""
	}
	if !o.failed {
		f.wentOut = true
		return ""
	}
	if f.codes == nil {
		f.codes, f.messages = map[string]int{}, map[string]string{}
	}
	f.seen++
	f.codes[o.code]++
	if _, ok := f.messages[o.code]; !ok {
		f.messages[o.code] = o.message
	}
	if f.seen < firstSendsToJudge {
		return ""
	}
	return fmt.Sprintf("the first %d sends all failed, none went out: %s. Fix what the provider says (the template, "+
		"the connection or the list), then resume the campaign", f.seen, failureList(f.codes, f.messages))
}

// failureList names the commonest failure codes with how many sends each
// failed and the provider's words, e.g. `132001 ×10: "Template name does
// not exist in the translation"`.
func failureList[N int | int64](codes map[string]N, messages map[string]string) string {
	parts := []string{}
	for _, code := range commonest(codes, 2) {
		label := code
		if label == "" {
			label = "no code"
		}
		part := fmt.Sprintf("%s ×%d", label, codes[code])
		if msg := providerWords(messages[code]); msg != "" {
			part += fmt.Sprintf(": %q", msg)
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "; ")
}

// providerWords is a send's error as the provider put it: without the
// plugin's prefix ("whatsapp-cloud: ") and clipped.
func providerWords(msg string) string {
	if head, rest, ok := strings.Cut(msg, ": "); ok && !strings.ContainsAny(head, " ") {
		msg = rest
	}
	msg = strings.TrimSpace(msg)
	if r := []rune(msg); len(r) > 160 {
		msg = string(r[:159]) + "…"
	}
	return msg
}
