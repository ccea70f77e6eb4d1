package main

import (
	"context"
	"time"

	"github.com/masteria/masteria/core/app"
	"github.com/masteria/masteria/core/store"
	wasim "github.com/masteria/masteria/plugins/whatsappcloud/sim"
)

// rememberWindows tells a new simulator the customer-service windows the
// demo's WhatsApp conversations still have open. The simulator keeps them
// in memory, as Meta keeps them on its side; without this, after a restart
// on the same data the inbox would offer a reply that the simulator then
// refuses (131047).
func rememberWindows(ctx context.Context, a *app.App, tenantID, connectionID string, sim *wasim.Server) error {
	since := time.Now().Add(-24 * time.Hour)
	f := store.ConversationFilter{Channel: "whatsapp", Page: store.Page{Limit: 200}}
	for {
		convs, next, err := a.Store.ListConversations(ctx, tenantID, f)
		if err != nil {
			return err
		}
		for _, c := range convs {
			if c.ConnectionID != connectionID || c.LastInboundAt == nil || c.LastInboundAt.Before(since) {
				continue
			}
			contact, err := a.Store.GetContact(ctx, tenantID, c.ContactID)
			if err != nil {
				return err
			}
			if contact.WhatsAppID != "" {
				sim.RememberWindow(wasim.DemoPhoneNumberID, contact.WhatsAppID, *c.LastInboundAt)
			}
		}
		// Listed latest activity first: past a day, no inbound is recent.
		if next == "" || len(convs) == 0 || convs[len(convs)-1].LastMessageAt.Before(since) {
			return nil
		}
		f.Cursor = next
	}
}
