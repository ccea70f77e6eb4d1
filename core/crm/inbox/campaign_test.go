package inbox

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/sdk"
)

func TestCampaignSendsAreRecordedInTheThread(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	now := time.Now()
	for _, c := range []store.Connection{
		{ID: "conn_wa", PluginID: "whatsapp-cloud", Name: "Principal"},
		{ID: "conn_wa2", PluginID: "whatsapp-cloud", Name: "Vendas"},
		{ID: "conn_sms", PluginID: "twilio-sms", Name: "SMS"},
	} {
		c.TenantID, c.Status, c.CreatedAt, c.UpdatedAt = p.TenantID, "connected", now, now
		must(t, s.Store.CreateConnection(ctx, c))
	}
	// Maria wrote before, and her conversation was resolved; Ana never wrote.
	rcv, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650001", "wamid.in1", "oi", now.Add(-time.Hour)))
	must(t, err)
	if _, err := s.SetStatus(ctx, p, rcv.Conversation.ID, StatusResolved); err != nil {
		t.Fatal(err)
	}
	ana := storetest.NewContact(p.TenantID, "")
	ana.Phone = "+5511987650002"
	must(t, s.Store.CreateContact(ctx, ana))
	events(t, s.Store)

	payload := func(v map[string]any) json.RawMessage { b, _ := json.Marshal(v); return b }
	sent := func(id, contact, channel, sender, provider string, in map[string]any) store.Send {
		return store.Send{ID: id, TenantID: p.TenantID, CampaignID: "cmp_1", ContactID: contact, Step: "send", Channel: channel,
			Sender: sender, Address: in["to"].(string), Payload: payload(in), Status: store.SendSent, ProviderMessageID: provider, SentAt: &now}
	}
	batch := []store.Send{
		// no sender: the tenant's first WhatsApp connection, by name
		sent("snd_1", rcv.Contact.ID, "whatsapp", "", "wamid.c1",
			map[string]any{"to": "5511987650001", "kind": "text", "text": "Oi Maria, 10% off hoje!"}),
		sent("snd_2", ana.ID, "sms", "SMS", "SMc2", map[string]any{"to": "+5511987650002", "text": "Oi Ana, 10% off hoje!"}),
		sent("snd_3", ana.ID, "whatsapp", "vendas", "wamid.c3", map[string]any{"to": "5511987650002", "kind": "template",
			"template": map[string]any{"name": "promo", "language": "pt_BR", "variables": map[string]any{"2": "10%", "1": "Ana"}}}),
	}
	c := CampaignSends{Inbox: s, PluginOf: func(action string) string {
		return map[string]string{"whatsapp.send": "whatsapp-cloud", "sms.send": "twilio-sms"}[action]
	}}
	for range 2 { // a repeated batch records once
		must(t, c.Posted(ctx, batch))
	}

	msgs, _, err := s.Store.ListMessages(ctx, p.TenantID, rcv.Conversation.ID, store.Page{})
	must(t, err)
	msgs = withoutActivity(msgs) // the resolve's line
	if len(msgs) != 2 || msgs[0].Direction != "out" || msgs[0].Text != "Oi Maria, 10% off hoje!" || msgs[0].AuthorID != "" ||
		msgs[0].ProviderMessageID != "wamid.c1" || msgs[0].Status != "sent" || string(msgs[0].Extra) == "" {
		t.Fatalf("Maria's thread: %+v", msgs)
	}
	var extra map[string]string
	if err := json.Unmarshal(msgs[0].Extra, &extra); err != nil || extra["campaign_id"] != "cmp_1" || extra["campaign_send_id"] != "snd_1" {
		t.Fatalf("extra: %s", msgs[0].Extra)
	}
	conv, _ := s.Store.GetConversation(ctx, p.TenantID, rcv.Conversation.ID)
	if conv.Unread != 1 || conv.Status != StatusResolved || conv.Preview != "Oi Maria, 10% off hoje!" || conv.LastMessageAt.Before(now.Add(-time.Second)) {
		t.Fatalf("Maria's conversation: %+v", conv)
	}

	convs, _, err := s.Store.ListConversations(ctx, p.TenantID, store.ConversationFilter{ContactID: ana.ID})
	must(t, err)
	if len(convs) != 2 {
		t.Fatalf("Ana's conversations: %+v", convs)
	}
	texts, made := map[string]string{}, map[string]string{}
	for _, cv := range convs {
		made[cv.ConnectionID] = cv.ID
		if cv.Status != StatusResolved || cv.Unread != 0 {
			t.Fatalf("a campaign made %+v (a new thread waits, resolved, for the contact's reply)", cv)
		}
		ms, _, err := s.Store.ListMessages(ctx, p.TenantID, cv.ID, store.Page{})
		must(t, err)
		if len(ms) != 1 {
			t.Fatalf("Ana's thread on %s: %+v", cv.ConnectionID, ms)
		}
		texts[cv.ConnectionID] = ms[0].Text
	}
	if texts["conn_sms"] != "Oi Ana, 10% off hoje!" || texts["conn_wa2"] != "[promo] Ana · 10%" {
		t.Fatalf("Ana's threads: %v", texts)
	}
	ev := events(t, s.Store)
	if n := len(slices.DeleteFunc(slices.Clone(ev), func(e string) bool { return e != bus.EventMessageSent })); n != 3 {
		t.Fatalf("events: %v", ev)
	}
	if n := len(slices.DeleteFunc(slices.Clone(ev), func(e string) bool { return e != bus.EventConversationCreated })); n != 2 {
		t.Fatalf("events: %v", ev)
	}

	// the provider's delivery report now moves the campaign's message
	if _, changed, err := s.ApplyStatus(ctx, p.TenantID, sdk.StatusUpdate{ProviderMessageID: "wamid.c1", Status: sdk.StatusDelivered}); err != nil || !changed {
		t.Fatalf("status of a campaign message: %v %v", changed, err)
	}
	msgs, _, _ = s.Store.ListMessages(ctx, p.TenantID, rcv.Conversation.ID, store.Page{})
	if msgs = withoutActivity(msgs); msgs[0].Status != "delivered" {
		t.Fatalf("after the report: %+v", msgs[0])
	}
	// which the campaign ledger reads, by the send it names
	if got := payloadsOf(t, s.Store, bus.EventMessageStatus); len(got) != 1 || got[0]["campaign_send_id"] != "snd_1" {
		t.Fatalf("message.status of a campaign's copy: %v", got)
	}

	// Ana's reply on WhatsApp reopens the thread the campaign made
	in := whatsapp("5511987650002", "wamid.in2", "quero!", now)
	in.ConnectionID = "conn_wa2"
	reply, err := s.Receive(ctx, p.TenantID, in)
	must(t, err)
	if reply.Conversation.ID != made["conn_wa2"] {
		t.Fatalf("reply landed on %+v, not the campaign's thread %s", reply.Conversation, made["conn_wa2"])
	}
	if got, _ := s.Store.GetConversation(ctx, p.TenantID, reply.Conversation.ID); got.Status != StatusOpen || got.Unread != 1 {
		t.Fatalf("after Ana's reply: %+v", got)
	}

	// a send on no connection of the workspace is reported, the rest kept
	lost := sent("snd_4", ana.ID, "sms", "Gone", "SMc4", map[string]any{"to": "+5511987650002", "text": "x"})
	if err := c.Posted(ctx, []store.Send{lost}); err == nil {
		t.Fatal("a send on an unknown connection was not reported")
	}
}

// TestCampaignTemplateTextOrder: a template's variables show in their
// order: positional ones by number, named ones by name.
func TestCampaignTemplateTextOrder(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]any
		want string
	}{
		{map[string]any{"10": "j", "2": "b", "1": "a"}, "[t] a · b · j"},
		{map[string]any{"offer": "10% off", "first_name": "Ana"}, "[t] Ana · 10% off"},
		{nil, "[t]"},
	} {
		in := map[string]any{"template": map[string]any{"name": "t", "variables": tc.vars}}
		if got := campaignText("template", in, ""); got != tc.want {
			t.Errorf("variables %v: %q, want %q", tc.vars, got, tc.want)
		}
	}
}

// TestPostedLocksTenantsInLedgerOrder: a batch of sent messages from two
// workspaces, listed with the one whose ID sorts last first, has its
// sends locked tenant by tenant in sorted order, as the campaign ledger's
// status batches lock them (campaigns' applyMoves). In arrival order, a
// Posted and a ledger batch over the same two tenants could each hold
// one tenant's sends and wait for the other's: a deadlock on Postgres.
func TestPostedLocksTenantsInLedgerOrder(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) { postedLockOrder(t, driver) })
	}
}

func postedLockOrder(t *testing.T, driver string) {
	s, p := newServiceOn(t, driver)
	ctx := context.Background()
	other, _ := storetest.Seed(t, s.Store, "globex")
	tenants := []string{p.TenantID, other.ID}
	slices.Sort(tenants)
	now := time.Now()
	var batch []store.Send
	for i, tenantID := range slices.Backward(tenants) {
		must(t, s.Store.CreateConnection(ctx, store.Connection{ID: "conn_sms_" + tenantID, TenantID: tenantID, PluginID: "twilio-sms",
			Name: "SMS", Status: "connected", CreatedAt: now, UpdatedAt: now}))
		for j := range 2 {
			contact := storetest.NewContact(tenantID, "")
			contact.Phone = fmt.Sprintf("+551198765%02d%02d", i, j)
			must(t, s.Store.CreateContact(ctx, contact))
			payload, _ := json.Marshal(map[string]any{"to": contact.Phone, "text": "Oi!"})
			batch = append(batch, store.Send{ID: fmt.Sprintf("snd_%d_%d", i, j), TenantID: tenantID, CampaignID: "cmp_1",
				ContactID: contact.ID, Step: "send", Channel: "sms", Address: contact.Phone, Payload: payload,
				Status: store.SendSent, ProviderMessageID: fmt.Sprintf("SM%d%d", i, j), SentAt: &now})
		}
	}
	locks := &lockLog{Store: s.Store}
	s.Store = locks
	must(t, CampaignSends{Inbox: s}.Posted(ctx, batch))
	if !slices.Equal(locks.tenants, tenants) {
		t.Fatalf("Posted locked the sends of %v in that order, want %v (sorted, as the ledger does)", locks.tenants, tenants)
	}
}

// lockLog is a store that records, in order, the tenants whose sends its
// transactions lock.
type lockLog struct {
	store.Store
	mu      sync.Mutex
	tenants []string
}

func (l *lockLog) Tx(ctx context.Context, fn func(store.Queries) error) error {
	return l.Store.Tx(ctx, func(q store.Queries) error { return fn(lockingQueries{Queries: q, log: l}) })
}

// lockingQueries notes each LockSends in its lockLog.
type lockingQueries struct {
	store.Queries
	log *lockLog
}

func (q lockingQueries) LockSends(ctx context.Context, tenantID string, ids []string) ([]store.Send, error) {
	q.log.mu.Lock()
	q.log.tenants = append(q.log.tenants, tenantID)
	q.log.mu.Unlock()
	return q.Queries.LockSends(ctx, tenantID, ids)
}
