package campaigns

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/core/bus"
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

// TestALateStepReachesTheLedger: a campaign's message is read, then its
// delivered report comes (webhooks are unordered). The inbox fills the
// passed step in the copy's history and reports it onward, late, and the
// ledger stamps the send's delivered time from it: the funnel and the
// send show when the message was delivered, not just that it was read.
func TestALateStepReachesTheLedger(t *testing.T) {
	_, base := startWhatsApp(t, nil)
	r := newRig(t, "sqlite", newGraphSender(base))
	ctx := context.Background()
	now := time.Now()
	check(t, r.st.CreateConnection(ctx, store.Connection{ID: "conn_wa", TenantID: r.p.TenantID, PluginID: "whatsapp-cloud",
		Name: "Principal", Status: "connected", CreatedAt: now, UpdatedAt: now}))
	cs := r.contacts(1, nil)
	in := inbox.New(r.st)
	r.svc.Posted = inbox.CampaignSends{Inbox: in}.Posted
	r.start()
	c := r.launch("late", "whatsapp", Spec{Message: hello(), Pacing: unlimited})
	r.waitFor(c.ID, "completion", completed)
	r.stop()
	send := sendsOf(t, r, c.ID)[0]
	if send.ContactID != cs[0].ID || send.DeliveredAt != nil {
		t.Fatalf("the send before any report: %+v", send)
	}
	readAt, deliveredAt := now.Add(2*time.Second).Truncate(time.Millisecond), now.Add(time.Second).Truncate(time.Millisecond)
	claimEvents(t, r.st) // the campaign's own
	for _, u := range []sdk.StatusUpdate{
		{ProviderMessageID: send.ProviderMessageID, Status: sdk.StatusRead, Timestamp: readAt},
		{ProviderMessageID: send.ProviderMessageID, Status: sdk.StatusDelivered, Timestamp: deliveredAt},
		{ProviderMessageID: send.ProviderMessageID, Status: sdk.StatusDelivered, Timestamp: deliveredAt}, // repeated
	} {
		_, _, err := in.ApplyStatus(ctx, r.p.TenantID, u)
		check(t, err)
	}
	evs := claimEvents(t, r.st)
	if len(evs) != 2 {
		t.Fatalf("the inbox reported %d status events, want read and the late delivered", len(evs))
	}
	for _, err := range r.svc.HandleAll(ctx, evs) {
		check(t, err)
	}
	got, err := r.st.GetSend(ctx, r.p.TenantID, send.ID)
	check(t, err)
	if got.Status != store.SendRead || got.ReadAt == nil || !got.ReadAt.Equal(readAt) || got.DeliveredAt == nil || !got.DeliveredAt.Equal(deliveredAt) {
		t.Fatalf("send after read and a late delivered: status %s, read %v, delivered %v", got.Status, got.ReadAt, got.DeliveredAt)
	}
}

// claimEvents claims the outbox's waiting message.status events.
func claimEvents(t *testing.T, st store.Store) []Event {
	t.Helper()
	var out []Event
	for {
		n, err := st.ClaimEvents(context.Background(), 100, func(es []store.Event) error {
			for _, e := range es {
				if e.Type == bus.EventMessageStatus {
					out = append(out, Event{TenantID: e.TenantID, Type: e.Type, Payload: e.Payload})
				}
			}
			return nil
		})
		check(t, err)
		if n == 0 {
			return out
		}
	}
}

// TestAReportThatBeatsItsMessageIsPlacedLater: a flow's send is recorded
// in the thread once the provider accepted it, and its failed report can
// come first. The inbox, finding no message, passes it on; the ledger,
// holding no send, hands it back to the inbox and, while the inbox still
// has no message, asks for it again later (ErrOrphanStatus). Once the
// send is recorded, the report lands on it.
func TestAReportThatBeatsItsMessageIsPlacedLater(t *testing.T) {
	r := newRig(t, "sqlite", nil)
	ctx := context.Background()
	cs := r.contacts(1, nil)
	in := inbox.New(r.st)
	r.svc.Restatus = inbox.CampaignSends{Inbox: in}.Restatus
	receive(t, r, r.p.TenantID, cs[0], "wamid.hello") // the contact's thread
	report, _ := json.Marshal(sdk.StatusUpdate{ProviderMessageID: "wamid.early", Recipient: cs[0].Phone, Status: sdk.StatusFailed,
		Errors: []sdk.ProviderError{{Code: "131026", Title: "Message undeliverable"}}})
	if _, _, err := in.ApplyStatus(ctx, r.p.TenantID, sdk.StatusUpdate{ProviderMessageID: "wamid.early", Status: sdk.StatusFailed}); err == nil {
		t.Fatal("the inbox placed a report on a message it does not have")
	}
	if err := r.svc.Handle(ctx, r.p.TenantID, bus.EventMessageStatus, report); !errors.Is(err, ErrOrphanStatus) {
		t.Fatalf("a report no message holds yet: %v, want it asked for again", err)
	}
	check(t, in.RecordBotSend(ctx, r.p.TenantID, "whatsapp", map[string]any{"to": cs[0].Phone, "text": "Seu boleto"},
		map[string]any{"message_id": "wamid.early"}))
	errs := r.svc.HandleAll(ctx, []Event{{TenantID: r.p.TenantID, Type: bus.EventMessageStatus, Payload: report}}) // redelivered
	check(t, errs[0])
	m, err := r.st.MessageByProviderID(ctx, r.p.TenantID, "wamid.early")
	check(t, err)
	if m.Status != "failed" || m.Error != "131026 Message undeliverable" {
		t.Fatalf("the flow's message after its early report: %s %q", m.Status, m.Error)
	}
}
