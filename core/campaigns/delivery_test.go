package campaigns

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/plugins/whatsappcloud/sim"
	"github.com/masteria/masteria/sdk"
)

func hello() *Message {
	return &Message{Template: &Template{Name: "hello_world", Language: "en_US"}}
}

func sendsOf(t *testing.T, r *rig, campaignID string) []store.Send {
	t.Helper()
	rows, _, err := r.st.ListSends(context.Background(), r.p.TenantID, store.SendFilter{CampaignID: campaignID, Page: store.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func report(t *testing.T, r *rig, u sdk.StatusUpdate) error {
	t.Helper()
	raw, _ := json.Marshal(u)
	return r.svc.Handle(context.Background(), r.p.TenantID, bus.EventMessageStatus, raw)
}

// TestStatusReportsMoveTheLedgerForward: provider reports, repeated, late
// and out of order, only ever move a send forward; replies and opt-outs
// are credited to the contact's sends.
func TestStatusReportsMoveTheLedgerForward(t *testing.T) {
	_, base := startWhatsApp(t, nil)
	r := newRig(t, "sqlite", newGraphSender(base))
	cs := r.contacts(3, nil)
	r.start()
	c := r.launch("status", "whatsapp", Spec{Message: hello(), Pacing: unlimited})
	r.waitFor(c.ID, "completion", completed)
	rows := sendsOf(t, r, c.ID)
	byContact := map[string]store.Send{}
	for _, row := range rows {
		byContact[row.ContactID] = row
	}
	a, b, d := byContact[cs[0].ID], byContact[cs[1].ID], byContact[cs[2].ID]
	for _, u := range []sdk.StatusUpdate{
		{ProviderMessageID: a.ProviderMessageID, Status: sdk.StatusRead}, // read before delivered
		{ProviderMessageID: a.ProviderMessageID, Status: sdk.StatusDelivered},
		{ProviderMessageID: a.ProviderMessageID, Status: sdk.StatusRead}, // repeated
		{ProviderMessageID: a.ProviderMessageID, Status: sdk.StatusFailed, Errors: []sdk.ProviderError{{Code: "131026"}}},
		{ProviderMessageID: b.ProviderMessageID, Status: sdk.StatusFailed, Errors: []sdk.ProviderError{{Code: "131026", Title: "Message undeliverable"}}},
		{ProviderMessageID: b.ProviderMessageID, Status: sdk.StatusDelivered},
		{ProviderMessageID: d.ProviderMessageID, Status: sdk.StatusDelivered},
		{ProviderMessageID: "wamid.not-ours", Recipient: "5511000000000", Status: sdk.StatusRead},
	} {
		if err := report(t, r, u); err != nil {
			t.Fatalf("%+v: %v", u, err)
		}
	}
	ctx := context.Background()
	optOut, _ := json.Marshal(store.Consent{ContactID: cs[2].ID, Channel: "whatsapp", Status: "opt_out"})
	for i := 0; i < 2; i++ { // redelivered events change nothing
		receive(t, r, r.p.TenantID, cs[0], "wamid.reply") // the inbox credits the reply
		if err := r.svc.Handle(ctx, r.p.TenantID, bus.EventContactConsent, optOut); err != nil {
			t.Fatal(err)
		}
	}
	pr, _ := r.svc.Progress(ctx, r.p, c.ID)
	if pr.Sent != 3 || pr.Delivered != 2 || pr.Read != 1 || pr.Failed != 1 || pr.Replied != 1 || pr.OptedOut != 1 || pr.Reasons["131026"] != 1 {
		t.Fatalf("progress: %+v", pr)
	}
	got, _ := r.st.GetSend(ctx, r.p.TenantID, a.ID)
	if got.Status != store.SendRead || got.DeliveredAt == nil {
		t.Fatalf("read stays read, and the late delivered is stamped: %+v", got)
	}

	// The inbox re-emits reports on the messages in its threads: one on a
	// message no campaign sent is not the ledger's; one on a campaign's
	// copy names the send.
	for _, send := range []string{"", d.ID} {
		raw, _ := json.Marshal(map[string]any{"message_id": "msg_copy", "provider_message_id": d.ProviderMessageID, "status": "read", "campaign_send_id": send})
		if err := r.svc.Handle(ctx, r.p.TenantID, bus.EventMessageStatus, raw); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"": store.SendDelivered, d.ID: store.SendRead}[send]
		if got, _ := r.st.GetSend(ctx, r.p.TenantID, d.ID); got.Status != want {
			t.Fatalf("after the inbox's report naming send %q: %s, want %s", send, got.Status, want)
		}
	}
}

// TestQuietHoursHoldSendsInTheContactsZone: the same campaign sends now to
// contacts whose clock is inside the allowed hours and holds the others
// until their window opens.
func TestQuietHoursHoldSendsInTheContactsZone(t *testing.T) {
	s, base := startWhatsApp(t, nil)
	r := newRig(t, "sqlite", newGraphSender(base))
	sp, _ := time.LoadLocation("America/Sao_Paulo")
	h := time.Now().In(sp).Hour()
	win := &Window{From: hhmm(max(0, h-1), 0), To: hhmm(min(23, h+1), 59)} // open in São Paulo, closed 12 h away
	r.contacts(10, func(i int, c *store.Contact) {
		c.TimeZone = map[bool]string{true: "America/Sao_Paulo", false: "Asia/Tokyo"}[i%2 == 0]
	})
	r.start()
	c := r.launch("quiet", "whatsapp", Spec{Message: hello(), Pacing: unlimited, Schedule: Schedule{Allowed: win}})
	r.waitFor(c.ID, "São Paulo's sends", func(pr Progress) bool { return pr.Sent == 5 })
	time.Sleep(100 * time.Millisecond)
	if n := len(s.Messages(sim.Filter{})); n != 5 {
		t.Fatalf("%d messages went, want only São Paulo's 5", n)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	for _, row := range sendsOf(t, r, c.ID) {
		if row.TimeZone == "Asia/Tokyo" {
			opens := row.NextAt.In(tokyo)
			if row.Status != store.SendQueued || !row.NextAt.After(time.Now()) || opens.Format("15:04") != win.From {
				t.Fatalf("Tokyo's send must wait for its window (%s): %+v at %v", win.From, row.Status, opens)
			}
		}
	}
}

func hhmm(h, m int) string { return time.Date(2000, 1, 1, h, m, 0, 0, time.UTC).Format("15:04") }

// TestBreakerPausesOnUndeliverableSpike: a list full of numbers WhatsApp
// cannot deliver to pauses the campaign with the reason, before the rest
// of the list goes out.
func TestBreakerPausesOnUndeliverableSpike(t *testing.T) {
	s, base := startWhatsApp(t, func(c *sim.Config) { c.RejectSynchronously = true })
	r := newRig(t, "sqlite", newGraphSender(base))
	r.svc.Batch, r.svc.Calls = 20, 2
	cs := r.contacts(1000, nil)
	for i, c := range cs {
		if i%3 == 0 {
			s.MarkUndeliverable(strings.TrimPrefix(c.Phone, "+"))
		}
	}
	r.start()
	c := r.launch("bad-list", "whatsapp", Spec{Message: hello(), Pacing: unlimited,
		Breaker: Breaker{Window: 100, MinSamples: 50, MaxUndeliverable: 0.2}})
	pr := r.waitFor(c.ID, "a pause", func(pr Progress) bool { return pr.Status == store.CampaignPaused })
	if !strings.Contains(pr.Reason, "circuit breaker") || !strings.Contains(pr.Reason, "131026") {
		t.Fatalf("reason: %q", pr.Reason)
	}
	time.Sleep(200 * time.Millisecond) // rows in flight at the pause finish
	pr, _ = r.svc.Progress(context.Background(), r.p, c.ID)
	// The pause may come before the whole list is enrolled (enrolment
	// goes a page at a time and stops at a pause too): what went out is
	// counted, and at least half the list did not go.
	if pr.Sent+pr.Failed+pr.Queued != pr.Audience || 1000-(pr.Sent+pr.Failed) < 500 {
		t.Fatalf("the pause must stop the rest of the list: %+v", pr)
	}
}

// TestCancelLeavesNoUnrecordedSend: cancelling mid-way cancels what is
// queued; every message the provider took is in the ledger as sent.
func TestCancelLeavesNoUnrecordedSend(t *testing.T) {
	s, base := startWhatsApp(t, nil)
	r := newRig(t, "sqlite", newGraphSender(base))
	r.contacts(300, nil)
	r.start()
	c := r.launch("cancel", "whatsapp", Spec{Message: hello(), Pacing: Pacing{MPS: 200, Tier: "TIER_UNLIMITED"}})
	r.waitFor(c.ID, "some sends", func(pr Progress) bool { return pr.Sent >= 50 })
	if _, err := r.svc.Cancel(context.Background(), r.p, c.ID); err != nil {
		t.Fatal(err)
	}
	pr := r.waitFor(c.ID, "every row settled", func(pr Progress) bool { return pr.Queued == 0 })
	r.stop()
	if n := int64(len(s.Messages(sim.Filter{}))); pr.Sent != n || pr.Cancelled == 0 || pr.Sent+pr.Cancelled != 300 {
		t.Fatalf("provider took %d; ledger: %+v", n, pr)
	}
}

// TestPausedCampaignSendsNothingUntilResumed.
func TestPausedCampaignSendsNothingUntilResumed(t *testing.T) {
	s, base := startWhatsApp(t, nil)
	r := newRig(t, "sqlite", newGraphSender(base))
	r.contacts(50, nil)
	c := r.launch("paused", "whatsapp", Spec{Message: hello(), Pacing: unlimited})
	if _, err := r.svc.Tick(context.Background()), error(nil); err != nil {
		t.Fatal(err)
	}
	if _, err := r.svc.Pause(context.Background(), r.p, c.ID); err != nil {
		t.Fatal(err)
	}
	r.start()
	time.Sleep(300 * time.Millisecond)
	if n := len(s.Messages(sim.Filter{})); n != 0 {
		t.Fatalf("%d messages went while paused", n)
	}
	if _, err := r.svc.Resume(context.Background(), r.p, c.ID); err != nil {
		t.Fatal(err)
	}
	r.waitFor(c.ID, "completion", completed)
	if n := len(s.Messages(sim.Filter{})); n != 50 {
		t.Fatalf("%d messages after resume", n)
	}
}

var _ = http.StatusOK

// receive stores an inbound WhatsApp message from c through the inbox.
func receive(t *testing.T, r *rig, tenantID string, c store.Contact, providerID string) {
	t.Helper()
	in := inbox.Inbound{ConnectionID: "conn_wa", Channel: "whatsapp", Message: sdk.InboundMessage{
		ProviderMessageID: providerID, From: strings.TrimPrefix(c.Phone, "+"), Type: sdk.InboundText, Text: "oi", Timestamp: time.Now()}}
	if _, err := inbox.New(r.st).Receive(context.Background(), tenantID, in); err != nil {
		t.Fatal(err)
	}
}

// TestTheInboxCreditsReplies: the inbox credits a reply to the contact's
// campaign sends as it stores the message. Among many inbound messages at
// once (stored in shared transactions) from contacts no campaign wrote
// to, exactly the campaign's contacts who wrote are credited, once each,
// and a message from the same number to another tenant credits nothing.
func TestTheInboxCreditsReplies(t *testing.T) {
	_, base := startWhatsApp(t, nil)
	r := newRig(t, "sqlite", newGraphSender(base))
	ctx := context.Background()
	cs := r.contacts(3, func(_ int, c *store.Contact) { c.Tags = []string{"vip"} })
	strangers := r.contacts(200, func(i int, c *store.Contact) { c.Phone = fmt.Sprintf("+55219%08d", i) })
	c := r.launch("replies", "whatsapp", Spec{Message: hello(), Pacing: unlimited, Audience: Audience{Tags: []string{"vip"}}})
	r.start()
	r.waitFor(c.ID, "completion", completed)
	other, _ := storetest.Seed(t, r.st, "other")
	var wg sync.WaitGroup
	for i, s := range strangers {
		wg.Go(func() {
			receive(t, r, r.p.TenantID, s, fmt.Sprint("wamid.s", i))
			switch i {
			case 50, 120:
				receive(t, r, r.p.TenantID, cs[0], fmt.Sprint("wamid.c0.", i)) // twice: credited once
			case 70:
				receive(t, r, r.p.TenantID, cs[1], "wamid.c1")
			case 90:
				receive(t, r, other.ID, cs[2], "wamid.c2") // the same number, another tenant
			}
		})
	}
	wg.Wait()
	if pr, _ := r.svc.Progress(ctx, r.p, c.ID); pr.Replied != 2 {
		t.Fatalf("replied: %d, want 2 (contacts 0 and 1)", pr.Replied)
	}
	for _, row := range sendsOf(t, r, c.ID) {
		if (row.RepliedAt != nil) != (row.ContactID != cs[2].ID) {
			t.Fatalf("send to %s: replied at %v", row.ContactID, row.RepliedAt)
		}
	}
}
