package campaigns

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// TestTemplateCampaignSendsEveryContactOnce: a template with per-contact
// variables goes to every selected contact exactly once, leaving out
// opted-out contacts and those without a phone; the ledger holds each
// provider message ID and progress counts only what the provider took.
func TestTemplateCampaignSendsEveryContactOnce(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			s, base := startWhatsApp(t, nil)
			r := newRig(t, driver, newGraphSender(base))
			cs := r.contacts(120, func(i int, c *store.Contact) {
				c.Fields = map[string]any{"order": fmt.Sprintf("A%d", i)}
				if i%2 == 0 {
					c.Tags = []string{"lead"}
				}
				if i >= 5 && i <= 7 {
					c.Phone = ""
				}
			})
			for _, c := range cs[:5] {
				r.optOut(c, "whatsapp")
			}
			r.start()
			c := r.launch("pedidos", "whatsapp", Spec{Audience: Audience{Tags: []string{"lead"}},
				Message: &Message{Template: &Template{Name: "pedido_confirmado", Language: "pt_BR",
					Variables: map[string]string{"1": "{{ contact.first_name }}", "2": "{{ contact.fields.order }}"}}},
				Pacing: unlimited})
			pr := r.waitFor(c.ID, "completion", completed)
			const want = 60 - 3 - 1 // even contacts, less 0, 2, 4 (opted out) and 6 (no phone)
			if pr.Sent != want || pr.Audience != want || pr.Excluded[ExcludedOptedOut] != 3 || pr.Excluded[ExcludedNoAddress] != 1 {
				t.Fatalf("progress: %+v", pr)
			}
			msgs := s.Messages(sim.Filter{})
			if len(msgs) != want {
				t.Fatalf("the provider got %d messages, want %d", len(msgs), want)
			}
			byID := map[string]sim.Message{}
			for _, m := range msgs {
				byID[m.ID] = m
			}
			rows, _, err := r.st.ListSends(context.Background(), r.p.TenantID, store.SendFilter{CampaignID: c.ID, Page: store.Page{Limit: 1000}})
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range rows {
				m, ok := byID[row.ProviderMessageID]
				i := strings.TrimPrefix(row.Address, "+55119")
				if !ok || row.Status != store.SendSent || m.WaID != strings.TrimPrefix(row.Address, "+") ||
					!strings.Contains(m.Body, "Person"+strings.TrimLeft(i, "0")) {
					t.Fatalf("ledger row %+v does not match the provider's message %+v", row, m)
				}
				delete(byID, row.ProviderMessageID)
			}
		})
	}
}
