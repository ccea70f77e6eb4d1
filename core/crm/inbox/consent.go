package inbox

import (
	"context"

	"github.com/masteria/masteria/core/store"
)

// withConsent fills the conversation's Consent from the contact's
// records, by the rule sends follow (store.ContactReachable): an opt-out
// that is the latest record of the channel, or of "all", blocks. The
// channel's marketing part is told beside it when it has records.
func (s *Service) withConsent(ctx context.Context, c store.Conversation) (store.Conversation, error) {
	records, err := s.Store.ListConsents(ctx, c.TenantID, c.ContactID)
	if err != nil {
		return c, err
	}
	c.Consent = channelConsent(records, c.Channel)
	return c, nil
}

// channelConsent reads records, newest first, for channel, and for its
// marketing part when one of the records is about it.
func channelConsent(records []store.Consent, channel string) *store.ChannelConsent {
	out := scopeConsent(records, channel)
	marketing := store.ConsentScope(channel, store.ConsentMarketing)
	for _, r := range records {
		if r.Channel == marketing {
			out.Marketing = scopeConsent(records, marketing)
			break
		}
	}
	return out
}

// scopeConsent reads records, newest first, for a send in scope: the
// record that decides is the narrowest opt-out among the latest records
// of the scope's chain (store.ConsentChain), else the scope's own latest.
func scopeConsent(records []store.Consent, scope string) *store.ChannelConsent {
	chain := store.ConsentChain(scope)
	latest := make([]*store.Consent, len(chain))
	for i := range records {
		for j, ch := range chain {
			if records[i].Channel == ch && latest[j] == nil {
				latest[j] = &records[i]
			}
		}
	}
	decides := latest[0]
	for _, r := range latest {
		if r != nil && r.Status == "opt_out" {
			decides = r
			break
		}
	}
	out := &store.ChannelConsent{Reachable: true}
	if decides != nil {
		at := decides.CreatedAt
		out.Reachable = decides.Status != "opt_out"
		out.Status, out.Source, out.Channel, out.At = decides.Status, decides.Source, decides.Channel, &at
	}
	return out
}
