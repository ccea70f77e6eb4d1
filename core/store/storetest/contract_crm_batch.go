package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// testBatches checks that each set-based method leaves and returns what
// its one-at-a-time counterpart does, on the same inputs.
func testBatches(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	wa := NewContact(a.ID, "WhatsApp")
	wa.Phone, wa.WhatsAppID, wa.Tags = "+5511987650001", "5511987650001", []string{"vip", "lead"}
	sms := NewContact(a.ID, "SMS")
	sms.Phone, sms.Email = "+5511987650002", "sms@example.com"
	hidden := NewContact(a.ID, "Hidden")
	hidden.BSUID = "BR.bsuid.1"
	theirs := NewContact(b.ID, "Another tenant's")
	theirs.Phone = "+5511987650003"
	for _, c := range []store.Contact{wa, sms, hidden, theirs} {
		must(t, s.CreateContact(ctx, c))
	}

	idents := []store.Identity{
		{WhatsAppID: wa.WhatsAppID}, {Phone: sms.Phone}, {BSUID: "unknown", WhatsAppID: wa.WhatsAppID},
		{Email: "SMS@Example.com"}, {BSUID: hidden.BSUID}, {Phone: theirs.Phone}, {Phone: "+5511000000000"},
		{WhatsAppID: wa.WhatsAppID}, {},
	}
	found, err := s.FindContacts(ctx, a.ID, idents)
	must(t, err)
	for i, id := range idents {
		one, err := s.FindContact(ctx, a.ID, id)
		if err != nil && err != store.ErrNotFound {
			t.Fatal(err)
		}
		if found[i].ID != one.ID || fmt.Sprint(found[i].Tags) != fmt.Sprint(one.Tags) {
			t.Fatalf("identity %d %+v: FindContacts %s %v, FindContact %s %v", i, id, found[i].ID, found[i].Tags, one.ID, one.Tags)
		}
	}
	if found[0].ID != wa.ID || found[5].ID != "" || len(found[7].Tags) != 2 {
		t.Fatalf("found %+v", found)
	}

	conv, _, err := s.ConversationFor(ctx, NewConversation(a.ID, wa.ID, "conn_1"))
	must(t, err)
	other, _, err := s.ConversationFor(ctx, NewConversation(a.ID, wa.ID, "conn_2"))
	must(t, err)
	_, err = s.AddLabel(ctx, a.ID, conv.ID, "urgent")
	must(t, err)
	keys := []store.Conversation{NewConversation(a.ID, wa.ID, "conn_2"), NewConversation(a.ID, sms.ID, "conn_1"),
		NewConversation(a.ID, wa.ID, "conn_1"), NewConversation(a.ID, wa.ID, "conn_3"), NewConversation(a.ID, wa.ID, "conn_1")}
	convs, err := s.ConversationsOf(ctx, a.ID, keys)
	must(t, err)
	if convs[0].ID != other.ID || convs[1].ID != "" || convs[2].ID != conv.ID || convs[3].ID != "" || convs[4].ID != conv.ID ||
		fmt.Sprint(convs[2].Labels) != "[urgent]" {
		t.Fatalf("ConversationsOf: %+v", convs)
	}
	if none, err := s.ConversationsOf(ctx, b.ID, keys[:1]); err != nil || none[0].ID != "" {
		t.Fatalf("another tenant's conversation: %+v %v", none, err)
	}

	testInsertMessages(t, s, conv)
	testTouchConversations(t, s, a.ID, wa.ID)
	testEmitAll(t, s, a.ID)
}

func testInsertMessages(t *testing.T, s store.Store, conv store.Conversation) {
	ctx := context.Background()
	at := time.Now()
	stored := NewMessage(conv, "stored before", at)
	stored.ProviderMessageID = "wamid.stored"
	must(t, s.Tx(ctx, func(q store.Queries) error { _, err := q.InsertMessage(ctx, stored); return err }))
	var ms []store.Message
	for i := range 21 { // 16 + 4 + 1 rows: every statement shape
		m := NewMessage(conv, fmt.Sprint("batch ", i), at.Add(time.Duration(i)*time.Millisecond))
		m.ProviderMessageID = fmt.Sprint("wamid.batch.", i)
		ms = append(ms, m)
	}
	ms[3].ProviderMessageID = "wamid.stored"
	ms[9].ProviderMessageID = ms[2].ProviderMessageID
	ms[12].ProviderMessageID = "" // no provider ID: never a duplicate
	var in []bool
	must(t, s.Tx(ctx, func(q store.Queries) (err error) { in, err = q.InsertMessages(ctx, ms); return err }))
	for i, m := range ms {
		_, err := s.GetMessage(ctx, conv.TenantID, m.ID)
		if want := i != 3 && i != 9; in[i] != want || (err == nil) != want {
			t.Fatalf("message %d: inserted %v (stored: %v), want %v", i, in[i], err, want)
		}
	}
	if found, _, err := s.SearchMessages(ctx, conv.TenantID, "batch", conv.ID, store.Page{Limit: 50}); err != nil || len(found) != 19 {
		t.Fatalf("the batch is searchable: %d found, %v", len(found), err)
	}
}

// testTouchConversations touches one conversation message by message and
// a twin with the same messages at once, from random starting states and
// orders (ties and outbound messages included), and compares them.
func testTouchConversations(t *testing.T, s store.Store, tenantID, contactID string) {
	ctx := context.Background()
	rnd := rand.New(rand.NewPCG(7, 9))
	base := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	for round := range 20 {
		one, _, err := s.ConversationFor(ctx, NewConversation(tenantID, contactID, fmt.Sprint("one_", round)))
		must(t, err)
		set, _, err := s.ConversationFor(ctx, NewConversation(tenantID, contactID, fmt.Sprint("set_", round)))
		must(t, err)
		if round%3 == 0 { // a resolved conversation with history
			for _, c := range []store.Conversation{one, set} {
				_, err := s.TouchConversation(ctx, NewMessage(c, "earlier", base.Add(5*time.Second)))
				must(t, err)
				c.Status = "resolved"
				must(t, s.UpdateConversation(ctx, c))
			}
		}
		var ms []store.Message
		for i := range 1 + rnd.IntN(6) {
			m := NewMessage(one, fmt.Sprint("m", i), base.Add(time.Duration(rnd.IntN(10))*time.Second))
			if rnd.IntN(3) == 0 {
				m.Direction = "out"
			}
			ms = append(ms, m)
		}
		var want store.Conversation
		for _, m := range ms {
			want, err = s.TouchConversation(ctx, m)
			must(t, err)
		}
		twins := make([]store.Message, len(ms))
		for i, m := range ms {
			m.ConversationID, m.ID = set.ID, ids.New("msg")
			twins[i] = m
		}
		got, err := s.TouchConversations(ctx, twins)
		must(t, err)
		g, stored := got[set.ID], mustConversation(t, s, tenantID, set.ID)
		for _, c := range []store.Conversation{g, stored} {
			if c.Preview != want.Preview || !c.LastMessageAt.Equal(want.LastMessageAt) || c.Unread != want.Unread ||
				c.Status != want.Status || fmt.Sprint(c.LastInboundAt) != fmt.Sprint(want.LastInboundAt) {
				t.Fatalf("round %d: at once %+v, one by one %+v", round, c, want)
			}
		}
	}
	if got, err := s.TouchConversations(ctx, []store.Message{{TenantID: "ten_other", ConversationID: "cnv_x"}}); err != nil || len(got) != 0 {
		t.Fatalf("an unknown conversation: %v %v", got, err)
	}
}

func mustConversation(t *testing.T, s store.Store, tenantID, id string) store.Conversation {
	t.Helper()
	c, err := s.GetConversation(context.Background(), tenantID, id)
	must(t, err)
	return c
}

func testEmitAll(t *testing.T, s store.Store, tenantID string) {
	ctx := context.Background()
	var events []store.Event
	for i := range 37 {
		events = append(events, store.Event{TenantID: tenantID, Type: "test.batch", MsgID: ids.New("evt"), Payload: fmt.Appendf(nil, `{"n":%d}`, i)})
	}
	if err := s.EmitAll(ctx, append(events[:1:1], store.Event{TenantID: tenantID})); err == nil {
		t.Fatal("an event without a type was accepted")
	}
	must(t, s.Tx(ctx, func(q store.Queries) error { return q.EmitAll(ctx, events) }))
	var got []string
	for {
		n, err := s.ClaimEvents(ctx, 100, func(es []store.Event) error {
			for _, e := range es {
				if e.Type == "test.batch" {
					got = append(got, string(e.Payload))
				}
			}
			return nil
		})
		must(t, err)
		if n == 0 {
			break
		}
	}
	if len(got) != len(events) || got[0] != `{"n":0}` || got[36] != `{"n":36}` {
		t.Fatalf("outbox holds %d events in order %v", len(got), got)
	}
}
