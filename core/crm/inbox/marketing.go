package inbox

import (
	"context"
	"fmt"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/consent"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// codeMarketingOptOut is the error code of a send of a marketing template
// refused because its contact stopped the channel's marketing messages:
// Meta's own code for it, so a flow (or a campaign's accounting) reads
// the refusal as it reads Meta's.
const codeMarketingOptOut = "131050"

// marketingConsent refuses an agent's template reply whose template the
// connection's catalog says is MARKETING when the contact opted out of
// the channel's marketing messages. Text, media and other templates are
// not marketing and go.
func marketingConsent(ctx context.Context, q store.Queries, c store.Conversation, in ReplyInput) error {
	if in.Template == nil || !strings.EqualFold(in.TemplateCategory, consent.CategoryMarketing) {
		return nil
	}
	scope := store.ConsentScope(c.Channel, store.ConsentMarketing)
	if ok, err := q.ContactReachable(ctx, c.TenantID, c.ContactID, scope); err != nil || ok {
		return err
	}
	return apperr.New(apperr.Conflict, "the contact stopped %s marketing messages: %s is a marketing template; "+
		"a utility template, or a reply while the 24-hour window is open, still reaches them", c.Channel, in.Template.Name).
		Because(apperr.MarketingOptedOut, apperr.P{"channel": c.Channel, "template": in.Template.Name})
}

// botMarketing refuses, with a permanent 131050 error, a flow's send of a
// marketing template (by the sending connection's catalog) to a contact
// who opted out of the channel's marketing messages. The catalog is
// asked only for such a contact; a category it cannot tell lets the send
// go, for Meta to judge.
func (s *Service) botMarketing(ctx context.Context, cats consent.Categories, tenantID, channel, contactID, to string, input map[string]any) error {
	t, ok := consent.TemplateOf(input)
	if !ok || cats == nil {
		return nil
	}
	scope := store.ConsentScope(channel, store.ConsentMarketing)
	if ok, err := s.Store.ContactReachable(ctx, tenantID, contactID, scope); err != nil || ok {
		return err
	}
	if m, err := consent.Marketing(ctx, cats, tenantID, t); err != nil || !m {
		return nil
	}
	return sdk.Permanent(fmt.Errorf("%s send to %s refused: the contact stopped %s marketing messages (Meta's 131050) and %s (%s) "+
		"is a marketing template; utility templates and replies in the 24-hour window still reach them",
		channel, to, channel, t.Name, t.Language), codeMarketingOptOut)
}
