package inbox

import (
	"context"

	"github.com/masteria/masteria/core/store"
)

// withConsent fills the conversation's Consent from the contact's
// records, by the rule sends follow (store.ContactReachable): an opt-out
// that is the latest record of the channel, or of "all", blocks.
func (s *Service) withConsent(ctx context.Context, c store.Conversation) (store.Conversation, error) {
	records, err := s.Store.ListConsents(ctx, c.TenantID, c.ContactID)
	if err != nil {
		return c, err
	}
	c.Consent = channelConsent(records, c.Channel)
	return c, nil
}

// channelConsent reads records, newest first, for channel.
func channelConsent(records []store.Consent, channel string) *store.ChannelConsent {
	var own, all *store.Consent
	for i := range records {
		r := &records[i]
		switch {
		case r.Channel == channel && own == nil:
			own = r
		case r.Channel == "all" && all == nil:
			all = r
		}
	}
	decides := own
	switch {
	case own != nil && own.Status == "opt_out":
	case all != nil && all.Status == "opt_out":
		decides = all
	}
	out := &store.ChannelConsent{Reachable: true}
	if decides != nil {
		at := decides.CreatedAt
		out.Reachable = decides.Status != "opt_out"
		out.Status, out.Source, out.Channel, out.At = decides.Status, decides.Source, decides.Channel, &at
	}
	return out
}
