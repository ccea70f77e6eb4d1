package inbox

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
	"github.com/masteria/masteria/sdk"
)

func newService(t *testing.T) (*Service, tenancy.Principal) {
	t.Helper()
	return newServiceOn(t, "sqlite")
}

// newServiceOn is newService on either driver.
func newServiceOn(t *testing.T, driver string) (*Service, tenancy.Principal) {
	t.Helper()
	var st *sqlstore.DB
	var err error
	if driver == "postgres" {
		st, err = sqlstore.OpenPostgres(context.Background(), storetest.PostgresURL(t))
	} else {
		st, err = sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ten, u := storetest.Seed(t, st, "acme")
	return New(st), tenancy.Principal{TenantID: ten.ID, UserID: u.ID, Role: auth.RoleOwner}
}

func events(t *testing.T, st store.Store) []string {
	t.Helper()
	var types []string
	for {
		n, err := st.ClaimEvents(context.Background(), 100, func(es []store.Event) error {
			for _, e := range es {
				types = append(types, e.Type)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return types
		}
	}
}

// payloadsOf claims the waiting events and returns the payloads of those
// of type typ.
func payloadsOf(t *testing.T, st store.Store, typ string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for {
		n, err := st.ClaimEvents(context.Background(), 100, func(es []store.Event) error {
			for _, e := range es {
				var p map[string]any
				if e.Type == typ && json.Unmarshal(e.Payload, &p) == nil {
					out = append(out, p)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return out
		}
	}
}

func whatsapp(from, id, text string, at time.Time) Inbound {
	return Inbound{ConnectionID: "conn_wa", Channel: "whatsapp", Message: sdk.InboundMessage{
		ProviderMessageID: id, From: from, ContactName: "Maria", Timestamp: at, Type: sdk.InboundText, Text: text}}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestReceiveFindsOnePersonAndIsIdempotent(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	now := time.Now()
	r1, err := s.Receive(ctx, p.TenantID, whatsapp("5511987654321", "wamid.1", "Oi, quero um orçamento", now.Add(-time.Minute)))
	must(t, err)
	// The same mobile, as an older WhatsApp ID without the 9th digit.
	r2, err := s.Receive(ctx, p.TenantID, whatsapp("551187654321", "wamid.2", "Pode ser amanhã?", now))
	must(t, err)
	if r1.Contact.ID != r2.Contact.ID || r1.Conversation.ID != r2.Conversation.ID || r2.Contact.Phone != "+5511987654321" {
		t.Fatalf("two identities for one person: %+v / %+v", r1.Contact, r2.Contact)
	}
	dup, err := s.Receive(ctx, p.TenantID, whatsapp("5511987654321", "wamid.1", "Oi, quero um orçamento", now))
	must(t, err)
	if !dup.Duplicate || dup.Message.ID != r1.Message.ID {
		t.Fatalf("redelivery stored again: %+v", dup)
	}
	c, _ := s.Get(ctx, p, r1.Conversation.ID)
	if c.Unread != 2 || c.Preview != "Pode ser amanhã?" || !c.WindowOpen || c.WindowClosesAt == nil {
		t.Fatalf("conversation: %+v", c)
	}
	want := []string{"contact.created", "conversation.created", "message.received", "message.received"}
	if got := events(t, s.Store); !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	sms := Inbound{ConnectionID: "conn_sms", Channel: "sms", Message: sdk.InboundMessage{ProviderMessageID: "SM1", From: "+5511987654321", Type: sdk.InboundText, Text: "sms"}}
	r3, err := s.Receive(ctx, p.TenantID, sms)
	must(t, err)
	if r3.Contact.ID != r1.Contact.ID || r3.Conversation.ID == r1.Conversation.ID {
		t.Fatal("sms: same contact, its own conversation per connection")
	}
	byUser := Inbound{ConnectionID: "conn_wa", Channel: "whatsapp", BSUID: "BR.123", Username: "@maria", Message: sdk.InboundMessage{ProviderMessageID: "wamid.u", Type: sdk.InboundText, Text: "hi"}}
	r4, err := s.Receive(ctx, p.TenantID, byUser)
	must(t, err)
	if r4.Contact.Phone != "" || r4.Contact.BSUID != "BR.123" || r4.Contact.ID == r1.Contact.ID {
		t.Fatalf("a user without a number is a valid contact: %+v", r4.Contact)
	}
	if _, err := s.Receive(ctx, p.TenantID, Inbound{Channel: "whatsapp"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("incomplete inbound: %v", err)
	}
}

func TestStatusOnlyMovesForward(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	r, _ := s.Receive(ctx, p.TenantID, whatsapp("5511987654321", "wamid.in", "oi", time.Now()))
	m, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Text: "Olá!"})
	must(t, err)
	must(t, s.MarkSent(ctx, p.TenantID, m.ID, sdk.SendResult{MessageID: "wamid.out"}))
	events(t, s.Store)
	for _, c := range []struct {
		status  sdk.DeliveryStatus
		want    string
		changed bool
	}{
		{sdk.StatusRead, "read", true}, {sdk.StatusDelivered, "read", false}, {sdk.StatusRead, "read", false}, {sdk.StatusFailed, "read", false},
	} {
		got, changed, err := s.ApplyStatus(ctx, p.TenantID, sdk.StatusUpdate{ProviderMessageID: "wamid.out", Status: c.status})
		must(t, err)
		if got.Status != c.want || changed != c.changed {
			t.Fatalf("%s: %s %v, want %s %v", c.status, got.Status, changed, c.want, c.changed)
		}
	}
	got := payloadsOf(t, s.Store, "message.status")
	if len(got) != 2 || got[0]["message_id"] != m.ID || got[0]["status"] != "read" || got[0]["late"] != nil || got[0]["campaign_send_id"] != nil {
		t.Fatalf("one event for the move to read, naming no campaign send: %v", got)
	}
	if late := got[1]; late["message_id"] != m.ID || late["status"] != "delivered" || late["late"] != true || late["message_status"] != "read" {
		t.Fatalf("one event for the late delivered, which filled its step: %v", late)
	}
	if _, _, err := s.ApplyStatus(ctx, p.TenantID, sdk.StatusUpdate{ProviderMessageID: "nope", Status: sdk.StatusRead}); !apperr.Is(err, apperr.NotFound) {
		t.Fatal(err)
	}
	if _, _, err := s.ApplyStatus(ctx, "ten_other", sdk.StatusUpdate{ProviderMessageID: "wamid.out", Status: sdk.StatusFailed}); !apperr.Is(err, apperr.NotFound) {
		t.Fatal("another tenant's status update reached the message")
	}
}

func TestReplyHonoursWindowAndConsent(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	clock := time.Now()
	s.Clock = func() time.Time { return clock }
	r, _ := s.Receive(ctx, p.TenantID, whatsapp("5511987654321", "wamid.in", "oi", clock))
	if _, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Text: "dentro da janela"}); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(25 * time.Hour)
	c, _ := s.Get(ctx, p, r.Conversation.ID)
	if c.WindowOpen {
		t.Fatal("window still open after 25h")
	}
	if _, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Text: "fora"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("free text outside the window: %v", err)
	}
	tpl := &sdk.Template{Name: "retomar_contato", Language: "pt_BR"}
	if _, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Template: tpl}); err != nil {
		t.Fatalf("template outside the window: %v", err)
	}
	must(t, s.Store.AddConsent(ctx, store.Consent{ID: ids.New("cns"), TenantID: p.TenantID, ContactID: r.Contact.ID, Channel: "whatsapp", Status: "opt_out", CreatedAt: clock}))
	if _, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Template: tpl}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("sent to an opted-out contact: %v", err)
	}
}

func TestHandoffReleaseAndRoundRobin(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	tick := time.Now().Add(-time.Hour)
	s.Clock = func() time.Time { tick = tick.Add(time.Millisecond); return tick } // notes sort after the messages
	a1, a2 := addAgent(t, s, p, "a1"), addAgent(t, s, p, "a2")
	for _, id := range []string{a1, a2} {
		must(t, s.SetPresence(ctx, tenancy.Principal{TenantID: p.TenantID, UserID: id, Role: auth.RoleAgent}, true))
	}
	var assignees []string
	for i, from := range []string{"5511987654321", "5511987654322", "5511987654323", "5511987654324"} {
		r, _ := s.Receive(ctx, p.TenantID, whatsapp(from, "w"+from, "oi", s.Clock.Now()))
		c, err := s.Handoff(ctx, System(p.TenantID), r.Conversation.ID, HandoffInput{Note: "lead quente"})
		must(t, err)
		if c.Handler != HandlerHuman {
			t.Fatalf("%d: handler %s", i, c.Handler)
		}
		assignees = append(assignees, c.AssigneeID)
	}
	if !slices.Equal(assignees, []string{a1, a2, a1, a2}) && !slices.Equal(assignees, []string{a2, a1, a2, a1}) {
		t.Fatalf("round robin: %v (agents %s %s)", assignees, a1, a2)
	}
	list, _, _ := s.List(ctx, p, store.ConversationFilter{Handler: HandlerHuman, AssigneeID: a1})
	if len(list) != 2 {
		t.Fatalf("filter by assignee: %d", len(list))
	}
	c, err := s.Release(ctx, p, list[0].ID)
	must(t, err)
	if c.Handler != HandlerBot {
		t.Fatal("not released")
	}
	if _, err := s.Release(ctx, p, list[0].ID); !apperr.Is(err, apperr.Conflict) {
		t.Fatal("double release")
	}
	msgs, _, _ := s.Messages(ctx, p, list[0].ID, store.Page{})
	if kinds := activityKinds(t, msgs); !slices.Equal(kinds, []string{ActivityReleased, ActivityHandoff}) { // newest first
		t.Fatalf("activities: %v", kinds)
	}
	msgs = withoutActivity(msgs)
	if len(msgs) != 2 || msgs[0].Direction != "note" || msgs[0].Text != "lead quente" {
		t.Fatalf("handoff note: %+v", msgs)
	}
	if _, err := s.Assign(ctx, p, list[0].ID, "usr_stranger"); !apperr.Is(err, apperr.Invalid) {
		t.Fatal("assigned a non-member")
	}
	ev := events(t, s.Store)
	if !slices.Contains(ev, "conversation.handoff") || !slices.Contains(ev, "conversation.released") {
		t.Fatalf("events: %v", ev)
	}
}

func addAgent(t *testing.T, s *Service, p tenancy.Principal, name string) string {
	u := store.User{ID: ids.New("usr"), Email: name + "-" + p.TenantID[4:14] + "@example.com", PasswordHash: "x", CreatedAt: time.Now()}
	must(t, s.Store.CreateUser(context.Background(), u))
	must(t, s.Store.AddMember(context.Background(), p.TenantID, u.ID, "agent"))
	return u.ID
}

// System is crm.System, to keep the test's imports short.
func System(tenantID string) tenancy.Principal {
	return tenancy.Principal{TenantID: tenantID, Role: auth.RoleAdmin}
}

// TestReceivedProblemIsKept: what the channel says went wrong with an
// inbound message (media it could not download, a type WhatsApp does not
// support) is stored as the message's error, for the inbox to show.
func TestReceivedProblemIsKept(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	in := whatsapp("5511987650042", "wamid.media1", "foto", time.Now())
	in.Message.Type = sdk.InboundMedia
	in.Message.Media = &sdk.Media{Type: sdk.MediaImage, ID: "m1"}
	in.Message.Errors = []sdk.ProviderError{{Title: "Media not downloaded", Message: "HTTP 500"}}
	rcv, err := s.Receive(ctx, p.TenantID, in)
	must(t, err)
	got, err := s.Store.GetMessage(ctx, p.TenantID, rcv.Message.ID)
	must(t, err)
	if got.Error != "Media not downloaded" || got.Media == nil || got.Media.BlobID != "" {
		t.Fatalf("stored %+v", got)
	}
	plain, err := s.Receive(ctx, p.TenantID, whatsapp("5511987650042", "wamid.text1", "oi", time.Now()))
	must(t, err)
	if plain.Message.Error != "" {
		t.Fatalf("a message without problems has error %q", plain.Message.Error)
	}
}

// TestSharedThingsAreReadable: a shared contact card, an order and a
// current location (no name) carry no text; the thread and the list show
// what the agent needs of them (the phone to call, what was ordered,
// where), not an empty line.
func TestSharedThingsAreReadable(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	for i, c := range []struct {
		msg  sdk.InboundMessage
		want string
	}{
		{sdk.InboundMessage{Type: sdk.InboundContacts, Contacts: []sdk.SharedContact{{Name: "Carlos Souza", Phones: []string{"+55 11 98888-7777"}}, {Name: "Loja", Emails: []string{"loja@x.com"}}}},
			"👤 Carlos Souza +55 11 98888-7777\n👤 Loja loja@x.com"},
		{sdk.InboundMessage{Type: sdk.InboundOrder, Order: &sdk.Order{Items: []sdk.OrderItem{{ProductID: "SKU-1", Quantity: 2, ItemPrice: 49.9, Currency: "BRL"}}}},
			"🛒 2 × SKU-1 (49.90 BRL)"},
		{sdk.InboundMessage{Type: sdk.InboundOrder, Text: "Pode embrulhar?", Order: &sdk.Order{Text: "Pode embrulhar?", Items: []sdk.OrderItem{{ProductID: "SKU-2", Quantity: 1, ItemPrice: 10, Currency: "BRL"}}}},
			"Pode embrulhar?\n🛒 1 × SKU-2 (10.00 BRL)"},
		{sdk.InboundMessage{Type: sdk.InboundLocation, Location: &sdk.Location{Latitude: -23.5613, Longitude: -46.6565}}, "📍 -23.561300, -46.656500"},
		{sdk.InboundMessage{Type: sdk.InboundLocation, Location: &sdk.Location{Latitude: -23.5613, Longitude: -46.6565, Name: "Av. Paulista, 1000"}}, "📍 Av. Paulista, 1000"},
	} {
		in := whatsapp("5511987650077", fmt.Sprint("wamid.shared", i), "", time.Now())
		c.msg.ProviderMessageID, c.msg.From = in.Message.ProviderMessageID, in.Message.From
		in.Message = c.msg
		rcv, err := s.Receive(ctx, p.TenantID, in)
		must(t, err)
		if rcv.Message.Text != c.want || rcv.Conversation.Preview != c.want {
			t.Errorf("%s: text %q, preview %q, want %q", c.msg.Type, rcv.Message.Text, rcv.Conversation.Preview, c.want)
		}
	}
}

// TestSMSReplyFitsAnSMS: a text longer than an SMS carries is refused on
// its field when the agent sends it, not failed by Twilio (21617) after.
func TestSMSReplyFitsAnSMS(t *testing.T) {
	s, p := newService(t)
	ctx := context.Background()
	r, err := s.Receive(ctx, p.TenantID, Inbound{ConnectionID: "conn_sms", Channel: "sms", Message: sdk.InboundMessage{
		ProviderMessageID: "SM1", From: "+5511987650099", Type: sdk.InboundText, Text: "oi"}})
	must(t, err)
	long := strings.Repeat("ã", 1601)
	if _, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Text: long}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("1601 characters on SMS: %v", err)
	}
	if _, err := s.Reply(ctx, p, r.Conversation.ID, ReplyInput{Text: long[:len(long)-2]}); err != nil {
		t.Fatalf("1600 characters on SMS: %v", err)
	}
}
