package inbox

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/apperr/apperrtest"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// TestInboxRefusalsCarryTheirReason: the refusals an agent meets while
// answering carry a reason and its params for the dashboard to word,
// next to the English message API clients read.
func TestInboxRefusalsCarryTheirReason(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	clock := time.Now()
	s.Clock = func() time.Time { return clock }
	r, err := s.Receive(ctx, p.TenantID, whatsapp("5511987654321", "wamid.in", "oi", clock))
	must(t, err)
	clock = clock.Add(25 * time.Hour)
	_, err = s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Text: "fora"})
	apperrtest.Want(t, err, apperr.Conflict, apperr.WindowClosed, nil, "outside the 24-hour window: only a template can be sent")

	_, err = s.Release(ctx, p, r.Conversation.ID)
	apperrtest.Want(t, err, apperr.Conflict, apperr.BotHandlesConversation, nil, "the bot already handles this conversation")
	_, err = s.AssignNext(ctx, p, r.Conversation.ID)
	apperrtest.Want(t, err, apperr.Conflict, apperr.NoAgentOnline, nil, "no agent is online")

	must(t, s.Store.AddConsent(ctx, store.Consent{ID: ids.New("cns"), TenantID: p.TenantID, ContactID: r.Contact.ID,
		Channel: "whatsapp", Status: "opt_out", CreatedAt: clock}))
	_, err = s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Template: &sdk.Template{Name: "retomar", Language: "pt_BR"}})
	apperrtest.Want(t, err, apperr.Conflict, apperr.ContactOptedOut, apperr.P{"channel": "whatsapp"}, "the contact opted out of whatsapp")

	s, p = newService(t)
	conv := stopPromotions(t, s, p, "5511987650005")
	promo := ReplyInput{Template: &sdk.Template{Name: "promo", Language: "pt_BR"}, TemplateCategory: "MARKETING"}
	_, err = s.Reply(ctx, p, conv.ID, promo)
	apperrtest.Want(t, err, apperr.Conflict, apperr.MarketingOptedOut, apperr.P{"channel": "whatsapp", "template": "promo"},
		"the contact stopped whatsapp marketing messages: promo is a marketing template; "+
			"a utility template, or a reply while the 24-hour window is open, still reaches them")
}
