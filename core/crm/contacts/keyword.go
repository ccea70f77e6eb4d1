package contacts

import (
	"context"
	"strings"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// Keyword is an opt-out or opt-in a contact gave by texting a keyword to
// a channel: "SAIR" or "START" to an SMS number.
type Keyword struct {
	Channel string // the channel it came on, which the consent covers: sms; or a part of it: whatsapp:marketing
	Status  string // opt_in or opt_out
	Word    string // what they texted
	// Key names the happening, such as the channel event's ID: a
	// redelivery with the same key records nothing ("": no check).
	Key string
	At  time.Time
}

// maxWord keeps a long custom keyword inside the consent's source.
const maxWord = 64

// RecordKeyword records, in the caller's transaction, the consent a
// contact gave by keyword: the sender as the message shows them (seen) is
// found or created as for an inbound message (Resolve), then the consent
// is added with contact.consent, as the consent API does. An opt-in of a
// channel (START) also opts the contact back in to each part of it they
// had opted out of (whatsapp:marketing): they asked for the channel's
// messages again, all of them. It reports false, and changes nothing,
// when the key was already recorded. Run it under crm.Retry: two
// deliveries of one keyword may race.
func RecordKeyword(ctx context.Context, q store.Queries, tenantID string, seen store.Contact, k Keyword) (store.Consent, bool, error) {
	c, _, err := Resolve(ctx, q, tenantID, seen)
	if err != nil {
		return store.Consent{}, false, err
	}
	word := k.Word
	if len(word) > maxWord {
		word = word[:maxWord]
	}
	rec := store.Consent{ID: keywordID(tenantID, k.Key, ""), TenantID: tenantID, ContactID: c.ID,
		Channel: k.Channel, Status: k.Status, Source: "keyword:" + word, CreatedAt: k.At}
	had, err := q.ListConsents(ctx, tenantID, c.ID)
	if err != nil {
		return rec, false, err
	}
	for _, h := range had {
		if h.ID == rec.ID {
			return h, false, nil
		}
	}
	if err := addConsent(ctx, q, rec); err != nil {
		return rec, false, err
	}
	err = optInParts(ctx, q, had, rec, func(part string) string { return keywordID(tenantID, k.Key, part) })
	return rec, err == nil, err
}

// optInParts records, after the opt-in rec of a channel, an opt-in of
// each part of it (whatsapp:marketing) whose latest record in had (newest
// first) is an opt-out, each its own entry with rec's source and time, so
// the history shows what the opt-in lifted. id names each entry.
func optInParts(ctx context.Context, q store.Queries, had []store.Consent, rec store.Consent, id func(part string) string) error {
	if rec.Status != "opt_in" || strings.Contains(rec.Channel, ":") {
		return nil
	}
	for _, part := range partsOptedOut(had, rec.Channel) {
		in := rec
		in.ID, in.Channel = id(part), part
		if err := addConsent(ctx, q, in); err != nil {
			return err
		}
	}
	return nil
}

// keywordID is the ID of the consent a keyword records for scope ("": the
// keyword's own channel), derived from its key so a redelivery finds it.
func keywordID(tenantID, key, scope string) string {
	if key == "" {
		return ids.New("cns")
	}
	if scope != "" {
		key += "\x00" + scope
	}
	return ids.Keyed("cns", tenantID+"\x00"+key)
}

// partsOptedOut are the parts of channel ("whatsapp:…") whose latest
// record in had (newest first) is an opt-out.
func partsOptedOut(had []store.Consent, channel string) []string {
	var out []string
	seen := map[string]bool{}
	for _, h := range had {
		if !strings.HasPrefix(h.Channel, channel+":") || seen[h.Channel] {
			continue
		}
		seen[h.Channel] = true
		if h.Status == "opt_out" {
			out = append(out, h.Channel)
		}
	}
	return out
}
