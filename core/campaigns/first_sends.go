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
func (f *firstSends) add(o outcome) Reason {
	if f.wentOut || f.seen >= firstSendsToJudge || o.signal != signalOK && !o.failed {
		return Reason{}
	}
	if !o.failed {
		f.wentOut = true
		return Reason{}
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
		return Reason{}
	}
	codes := failureCounts(f.codes, f.messages)
	return Reason{
		Text: fmt.Sprintf("the first %d sends all failed, none went out: %s. Fix what the provider says (the template, "+
			"the connection or the list), then resume the campaign", f.seen, failureList(codes)),
		Code:   ReasonFirstSendsFailed,
		Params: map[string]any{"count": f.seen, "codes": codes},
	}
}

// failureCounts is the commonest failure codes (up to 2) with how many
// sends each failed and the provider's words.
func failureCounts[N int | int64](codes map[string]N, messages map[string]string) []failureCount {
	out := []failureCount{}
	for _, code := range commonest(codes, 2) {
		out = append(out, failureCount{Code: code, Count: int64(codes[code]), Message: providerWords(messages[code])})
	}
	return out
}

// failureList names the failure codes with how many sends each failed and
// the provider's words, e.g. `132001 ×10: "Template name does not exist
// in the translation"`.
func failureList(codes []failureCount) string {
	parts := []string{}
	for _, c := range codes {
		label := c.Code
		if label == "" {
			label = "no code"
		}
		part := fmt.Sprintf("%s ×%d", label, c.Count)
		if c.Message != "" {
			part += fmt.Sprintf(": %q", c.Message)
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
