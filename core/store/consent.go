package store

import "strings"

// A consent record's channel is a channel ("whatsapp", "sms"), "all", or
// a part of a channel, written channel:part: "whatsapp:marketing" is the
// marketing messages of WhatsApp, which a contact may stop (Meta's error
// 131050, a "Stop promotions" tap) while still receiving utility
// templates and replies. A send is decided by the records of its scope's
// chain (ConsentChain): an opt-out that is the latest record of any of
// them blocks it.

// ConsentMarketing is the part of a channel its marketing messages are.
const ConsentMarketing = "marketing"

// ConsentScope names part of channel ("whatsapp", "marketing" →
// "whatsapp:marketing"); channel itself when part is empty.
func ConsentScope(channel, part string) string {
	if part == "" {
		return channel
	}
	return channel + ":" + part
}

// ConsentChain is the consent channels that decide a send in scope,
// narrowest first: "whatsapp:marketing" → whatsapp:marketing, whatsapp,
// all; "whatsapp" → whatsapp, all. Each is read on its own (its latest
// record), so an opt-in of the channel does not undo an opt-out of one of
// its parts: that takes an opt-in of the part (a texted START records
// both, see contacts.RecordKeyword).
func ConsentChain(scope string) []string {
	channel, part, ok := strings.Cut(scope, ":")
	if !ok || part == "" {
		return []string{channel, "all"}
	}
	return []string{scope, channel, "all"}
}
