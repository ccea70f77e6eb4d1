package contacts

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// Keyword is an opt-out or opt-in a contact gave by texting a keyword to
// a channel: "SAIR" or "START" to an SMS number.
type Keyword struct {
	Channel string // the channel it came on, which the consent covers: sms
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
// is added with contact.consent, as the consent API does. It reports false,
// and changes nothing, when the key was already recorded. Run it under
// crm.Retry: two deliveries of one keyword may race.
func RecordKeyword(ctx context.Context, q store.Queries, tenantID string, seen store.Contact, k Keyword) (store.Consent, bool, error) {
	c, _, err := Resolve(ctx, q, tenantID, seen)
	if err != nil {
		return store.Consent{}, false, err
	}
	word := k.Word
	if len(word) > maxWord {
		word = word[:maxWord]
	}
	id := ids.New("cns")
	if k.Key != "" {
		id = ids.Keyed("cns", tenantID+"\x00"+k.Key)
	}
	rec := store.Consent{ID: id, TenantID: tenantID, ContactID: c.ID,
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
	return rec, true, addConsent(ctx, q, rec)
}
