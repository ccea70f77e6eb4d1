package inbox

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// TestMarketingTemplateReplyRefused: to a contact who stopped WhatsApp
// marketing messages, an agent's marketing template is refused (409,
// naming it); a utility template, a template the catalog does not know
// and a text go; so does the marketing template once they opt back in.
func TestMarketingTemplateReplyRefused(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	conv := stopPromotions(t, s, p, "5511987650005")
	promo := ReplyInput{Template: &sdk.Template{Name: "promo", Language: "pt_BR"}, TemplateCategory: "MARKETING"}
	if _, err := s.Reply(ctx, p, conv.ID, promo); !apperr.Is(err, apperr.Conflict) ||
		!strings.Contains(err.Error(), "stopped whatsapp marketing messages") || !strings.Contains(err.Error(), "promo") {
		t.Fatalf("a marketing template reply: %v", err)
	}
	for _, in := range []ReplyInput{{Text: "Posso ajudar?"}, {Template: &sdk.Template{Name: "pedido", Language: "pt_BR"}, TemplateCategory: "UTILITY"},
		{Template: &sdk.Template{Name: "novo", Language: "pt_BR"}}} { // not in the catalog: Meta judges
		if _, err := s.Reply(ctx, p, conv.ID, in); err != nil {
			t.Fatalf("%+v refused: %v", in, err)
		}
	}
	must(t, s.Store.AddConsent(ctx, store.Consent{ID: "cns_in", TenantID: p.TenantID, ContactID: conv.ContactID, Channel: "whatsapp:marketing",
		Status: "opt_in", Source: "agent:usr", CreatedAt: time.Now().Add(time.Second)}))
	if _, err := s.Reply(ctx, p, conv.ID, promo); err != nil {
		t.Fatalf("a marketing template after the opt-in: %v", err)
	}
}

// categories answers template categories by name.
type categories map[string]string

func (c categories) TemplateCategory(_ context.Context, _, _, name, _ string) (string, error) {
	return c[name], nil
}

// TestBotSendsRefuseMarketingToMarketingOptOuts: a flow's marketing
// template to a contact who opted out of WhatsApp marketing fails for
// good with 131050, before the plugin is called; a utility template, a
// template the catalog does not know and a text go; so do they all for a
// contact without the opt-out, and without a catalog to ask.
func TestBotSendsRefuseMarketingToMarketingOptOuts(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	out, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650007", "wamid.in1", "oi", time.Now()))
	must(t, err)
	_, err = s.Receive(ctx, p.TenantID, whatsapp("5511987650008", "wamid.in2", "oi", time.Now()))
	must(t, err)
	must(t, s.Store.AddConsent(ctx, store.Consent{ID: "cns_m", TenantID: p.TenantID, ContactID: out.Contact.ID, Channel: "whatsapp:marketing",
		Status: "opt_out", Source: "keyword:whatsapp-131050", CreatedAt: time.Now()}))
	next := &fakeInvoker{out: map[string]any{"message_id": "wamid.out"}}
	b := BotSends{Next: next, Inbox: s, Templates: categories{"promo": "MARKETING", "pedido": "UTILITY"}}
	tpl := func(to, name string) map[string]any {
		return map[string]any{"to": to, "kind": "template", "template": map[string]any{"name": name, "language": "pt_BR"}}
	}
	_, err = b.InvokeAction(ctx, p.TenantID, "whatsapp.send", tpl("+5511987650007", "promo"), "k1")
	if class, _, code := sdk.ClassOf(err); class != sdk.ClassPermanent || code != "131050" ||
		!strings.Contains(err.Error(), "stopped whatsapp marketing messages") || next.calls != 0 {
		t.Fatalf("a marketing template to a marketing opt-out: %v (class %s, code %s), %d plugin calls", err, class, code, next.calls)
	}
	for i, in := range []map[string]any{tpl("+5511987650007", "pedido"), tpl("+5511987650007", "novo"),
		{"to": "+5511987650007", "text": "Seu pedido saiu"}, tpl("+5511987650008", "promo")} {
		if _, err := b.InvokeAction(ctx, p.TenantID, "whatsapp.send", in, "k"); err != nil || next.calls != i+1 {
			t.Fatalf("%v: %v after %d calls", in, err, next.calls)
		}
	}
	b.Templates = nil // no catalog to ask: Meta judges
	if _, err := b.InvokeAction(ctx, p.TenantID, "whatsapp.send", tpl("+5511987650007", "promo"), "k2"); err != nil {
		t.Fatalf("without a catalog: %v", err)
	}
}
