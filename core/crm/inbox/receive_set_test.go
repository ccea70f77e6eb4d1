package inbox

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/storetest"
)

// TestBatchStoresWhatOneAtATimeStores sends the same deliveries through
// one transaction per message and through one set-based batch, and
// compares what each store ends up holding and what each call answered:
// a new sender writing twice (first without a name), a redelivery inside
// the batch, a known contact learning their WhatsApp ID and name, an older
// message arriving late, a second connection, SMS, and a second tenant.
func TestBatchStoresWhatOneAtATimeStores(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) { batchAgainstOneAtATime(t, driver) })
	}
}

func batchAgainstOneAtATime(t *testing.T, driver string) {
	t0 := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	type delivery struct {
		tenant int
		in     Inbound
	}
	named := func(in Inbound, name string) Inbound { in.Message.ContactName = name; return in }
	on := func(in Inbound, connection, channel string) Inbound {
		in.ConnectionID, in.Channel = connection, channel
		return in
	}
	deliveries := []delivery{
		{0, named(whatsapp("5511987650001", "wamid.1", "first", t0), "")},
		{0, named(whatsapp("5511987650001", "wamid.2", "second", t0.Add(time.Second)), "Xavier")},
		{0, whatsapp("5511987650002", "wamid.3", "new sender", t0)},
		{0, whatsapp("5511987650002", "wamid.3", "new sender", t0)}, // redelivered
		{0, named(whatsapp("5511987650009", "wamid.4", "known by phone", t0), "Zé")},
		{0, whatsapp("5511987650001", "wamid.5", "older, late", t0.Add(-time.Second))},
		{1, whatsapp("5511987650001", "wamid.1", "another tenant", t0)},
		{0, on(whatsapp("5511987650002", "wamid.6", "second number", t0), "conn_wa2", "whatsapp")},
		{0, on(whatsapp("+5511987650002", "SM6", "by SMS", t0), "conn_sms", "sms")},
	}
	type world struct {
		s       *Service
		tenants []string
		got     []Received
	}
	setUp := func() world {
		s, p := newServiceOn(t, driver)
		other, _ := storetest.Seed(t, s.Store, "other")
		known := storetest.NewContact(p.TenantID, "")
		known.Phone = "+5511987650009"
		must(t, s.Store.CreateContact(context.Background(), known))
		return world{s: s, tenants: []string{p.TenantID, other.ID}}
	}
	ctx := context.Background()

	alone := setUp()
	for _, d := range deliveries {
		r, err := alone.s.receiveAlone(ctx, alone.tenants[d.tenant], arrive(alone.s, d.in))
		must(t, err)
		alone.got = append(alone.got, r)
	}

	set := setUp()
	batch := make([]*pendingReceive, len(deliveries))
	for i, d := range deliveries {
		batch[i] = &pendingReceive{ctx: ctx, tenantID: set.tenants[d.tenant], in: arrive(set.s, d.in)}
	}
	must(t, set.s.Store.Tx(ctx, func(q store.Queries) error { return set.s.receiveSet(ctx, q, batch) }))
	for _, p := range batch {
		set.got = append(set.got, p.out)
	}

	for i := range deliveries {
		a, b := alone.got[i], set.got[i]
		if a.Duplicate != b.Duplicate || a.Message.Text != b.Message.Text || a.Contact.Phone != b.Contact.Phone ||
			a.Conversation.ConnectionID != b.Conversation.ConnectionID || b.Contact.ID == "" || b.Conversation.ID == "" {
			t.Errorf("delivery %d answered\n one at a time %+v\n in a batch    %+v", i, a, b)
		}
	}
	for ti := range 2 {
		if a, b := snapshot(t, alone.s.Store, alone.tenants[ti]), snapshot(t, set.s.Store, set.tenants[ti]); a != b {
			t.Errorf("tenant %d holds\n one at a time:\n%s\n in a batch:\n%s", ti, a, b)
		}
	}
	a, b := eventCounts(events(t, alone.s.Store)), events(t, set.s.Store)
	if eventCounts(b) != a {
		t.Errorf("events: one at a time %s, in a batch %s", a, eventCounts(b))
	}
	if first := slices.Index(b, bus.EventMessageReceived); first < slices.Index(b, bus.EventContactCreated) ||
		first < slices.Index(b, bus.EventConversationCreated) {
		t.Errorf("a message.received came before what it needs: %v", b)
	}
}

func arrive(s *Service, in Inbound) arrival {
	now := s.Clock.Now()
	return arrival{Inbound: in, sender: sender(in, now), at: now}
}

// snapshot lists a tenant's contacts, conversations and messages by their
// natural keys (phone, connection, provider ID), not by generated IDs.
func snapshot(t *testing.T, st store.Store, tenantID string) string {
	ctx := context.Background()
	contacts, _, err := st.ListContacts(ctx, tenantID, store.ContactFilter{Page: store.Page{Limit: 100}})
	must(t, err)
	phoneOf := map[string]string{}
	var lines []string
	for _, c := range contacts {
		phoneOf[c.ID] = c.Phone
		lines = append(lines, fmt.Sprintf("contact %s wa=%s name=%q", c.Phone, c.WhatsAppID, c.Name))
	}
	convs, _, err := st.ListConversations(ctx, tenantID, store.ConversationFilter{Page: store.Page{Limit: 100}})
	must(t, err)
	for _, c := range convs {
		lines = append(lines, fmt.Sprintf("conversation %s/%s preview=%q unread=%d last=%d inbound=%d status=%s",
			phoneOf[c.ContactID], c.ConnectionID, c.Preview, c.Unread, c.LastMessageAt.UnixMilli(), c.LastInboundAt.UnixMilli(), c.Status))
		msgs, _, err := st.ListMessages(ctx, tenantID, c.ID, store.Page{Limit: 100})
		must(t, err)
		for _, m := range msgs {
			lines = append(lines, fmt.Sprintf("message %s/%s %s %q", phoneOf[c.ContactID], c.ConnectionID, m.ProviderMessageID, m.Text))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func eventCounts(types []string) string {
	n := map[string]int{}
	for _, typ := range types {
		n[typ]++
	}
	return fmt.Sprint(n)
}
