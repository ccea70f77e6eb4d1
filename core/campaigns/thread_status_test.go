package campaigns

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// TestReportsThatBeatThePostingReachTheThread: a channel's status report
// can arrive before the campaign's message is posted into the contact's
// thread (the inbox, finding no copy, leaves it to the ledger). Reports
// the ledger took before the posting are applied as the copy is made;
// one the ledger takes after it is handed back to the inbox. Either way
// the thread shows what the funnel shows, with the history in order.
func TestReportsThatBeatThePostingReachTheThread(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) { reportsBeatThePosting(t, driver) })
	}
}

func reportsBeatThePosting(t *testing.T, driver string) {
	_, base := startWhatsApp(t, nil)
	r := newRig(t, driver, newGraphSender(base))
	ctx := context.Background()
	now := time.Now()
	check(t, r.st.CreateConnection(ctx, store.Connection{ID: "conn_wa", TenantID: r.p.TenantID, PluginID: "whatsapp-cloud",
		Name: "Principal", Status: "connected", CreatedAt: now, UpdatedAt: now}))
	cs := r.contacts(2, nil)
	early, late := cs[0], cs[1]
	posts := inbox.CampaignSends{Inbox: inbox.New(r.st)}
	r.svc.Restatus = posts.Restatus
	r.svc.Posted = func(ctx context.Context, sent []store.Send) error {
		for _, s := range sent {
			if s.ContactID != early.ID {
				continue
			}
			for _, st := range []sdk.DeliveryStatus{sdk.StatusDelivered, sdk.StatusRead} {
				if err := report(t, r, sdk.StatusUpdate{ProviderMessageID: s.ProviderMessageID, Status: st}); err != nil {
					return err
				}
			}
		}
		return posts.Posted(ctx, sent)
	}
	r.start()
	c := r.launch("race", "whatsapp", Spec{Message: hello(), Pacing: unlimited})
	r.waitFor(c.ID, "completion", completed)
	byContact := map[string]store.Send{}
	for _, row := range sendsOf(t, r, c.ID) {
		byContact[row.ContactID] = row
	}
	// late's report reaches the ledger only now, past the inbox
	if err := report(t, r, sdk.StatusUpdate{ProviderMessageID: byContact[late.ID].ProviderMessageID, Status: sdk.StatusDelivered}); err != nil {
		t.Fatal(err)
	}
	for contact, want := range map[string][]string{early.ID: {"sent", "delivered", "read"}, late.ID: {"sent", "delivered"}} {
		m, err := r.st.MessageByProviderID(ctx, r.p.TenantID, byContact[contact].ProviderMessageID)
		check(t, err)
		msgs, _, err := r.st.ListMessages(ctx, r.p.TenantID, m.ConversationID, store.Page{})
		check(t, err)
		hs, err := r.st.MessageStatuses(ctx, r.p.TenantID, []string{m.ID})
		check(t, err)
		var got []string
		for _, h := range hs[m.ID] {
			got = append(got, h.Status)
		}
		if len(msgs) != 1 || msgs[0].Status != want[len(want)-1] || !slices.Equal(got, want) {
			t.Fatalf("thread copy of %s: status %q, history %v; want %v", byContact[contact].ProviderMessageID, msgs[0].Status, got, want)
		}
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
