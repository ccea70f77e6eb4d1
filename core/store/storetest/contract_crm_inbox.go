package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// NewConversation is an open, bot-handled conversation of a contact.
func NewConversation(tenantID, contactID, connectionID string) store.Conversation {
	return store.Conversation{ID: ids.New("cnv"), TenantID: tenantID, ContactID: contactID, ConnectionID: connectionID,
		Channel: "whatsapp", Status: "open", Handler: "bot", CreatedAt: time.Now()}
}

// NewMessage is an inbound text message in a conversation.
func NewMessage(c store.Conversation, text string, at time.Time) store.Message {
	return store.Message{ID: ids.New("msg"), TenantID: c.TenantID, ConversationID: c.ID, ContactID: c.ContactID,
		Direction: "in", Type: "text", Text: text, Status: "received", CreatedAt: at, StatusAt: at}
}

func testConversations(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	c := NewContact(a.ID, "Ana")
	must(t, s.CreateContact(ctx, c))
	conv, created, err := s.ConversationFor(ctx, NewConversation(a.ID, c.ID, "conn_1"))
	must(t, err)
	again, createdAgain, err := s.ConversationFor(ctx, NewConversation(a.ID, c.ID, "conn_1"))
	must(t, err)
	if !created || createdAgain || again.ID != conv.ID {
		t.Fatalf("find-or-create: %v %v %s %s", created, createdAgain, conv.ID, again.ID)
	}
	_, _, err = s.ConversationFor(ctx, NewConversation(b.ID, c.ID, "conn_1"))
	wantErr(t, err, store.ErrNotFound)
	other, _, _ := s.ConversationFor(ctx, NewConversation(a.ID, c.ID, "conn_2"))

	t0 := time.Now().Add(-time.Hour)
	in := NewMessage(conv, "late", t0.Add(time.Minute))
	_, err = s.TouchConversation(ctx, in)
	must(t, err)
	touched, err := s.TouchConversation(ctx, NewMessage(conv, "early", t0)) // out of order: does not move back
	must(t, err)
	got, _ := s.GetConversation(ctx, a.ID, conv.ID)
	if touched.ID != conv.ID || touched.Preview != got.Preview || touched.Unread != got.Unread || !touched.LastMessageAt.Equal(got.LastMessageAt) {
		t.Fatalf("touch returned %+v, the store holds %+v", touched, got)
	}
	if got.Preview != "late" || got.Unread != 2 || got.LastInboundAt == nil || !got.LastInboundAt.Equal(t0.Add(time.Minute).Truncate(time.Millisecond)) {
		t.Fatalf("touch: %+v", got)
	}
	got.Status, got.AssigneeID, got.Handler, got.Unread = "resolved", "usr_1", "human", 0
	must(t, s.UpdateConversation(ctx, got))
	_, err = s.TouchConversation(ctx, NewMessage(conv, "back again", t0.Add(2*time.Minute)))
	must(t, err)
	got, _ = s.GetConversation(ctx, a.ID, conv.ID)
	if got.Status != "open" || got.AssigneeID != "usr_1" || got.Handler != "human" || got.Unread != 1 {
		t.Fatalf("an inbound message reopens a resolved conversation: %+v", got)
	}
	got.Status = "pending" // waiting for the customer, who answers
	must(t, s.UpdateConversation(ctx, got))
	_, err = s.TouchConversation(ctx, NewMessage(conv, "paguei", t0.Add(3*time.Minute)))
	must(t, err)
	if got, _ = s.GetConversation(ctx, a.ID, conv.ID); got.Status != "open" || got.Unread != 2 {
		t.Fatalf("the customer's answer reopens a pending conversation: %+v", got)
	}
	got.Status, got.Unread = "resolved", 0
	must(t, s.UpdateConversation(ctx, got))
	thumbs := NewMessage(conv, "👍", t0.Add(4*time.Minute))
	thumbs.Type = "reaction"
	_, err = s.TouchConversation(ctx, thumbs)
	must(t, err)
	if got, _ = s.GetConversation(ctx, a.ID, conv.ID); got.Status != "resolved" || got.Unread != 0 ||
		!got.LastInboundAt.Equal(t0.Add(4*time.Minute).Truncate(time.Millisecond)) {
		t.Fatalf("a reaction neither reopens nor counts as unread, but opens the window: %+v", got)
	}
	got.Status = "open"
	must(t, s.UpdateConversation(ctx, got))
	if added, _ := s.AddLabel(ctx, a.ID, conv.ID, "urgent"); !added {
		t.Fatal("label not added")
	}
	_, err = s.AddLabel(ctx, b.ID, conv.ID, "x")
	wantErr(t, err, store.ErrNotFound)
	_, err = s.GetConversation(ctx, b.ID, conv.ID)
	wantErr(t, err, store.ErrNotFound)
	got.TenantID = b.ID
	wantErr(t, s.UpdateConversation(ctx, got), store.ErrNotFound)

	list := func(f store.ConversationFilter) []string {
		items, _, err := s.ListConversations(ctx, a.ID, f)
		must(t, err)
		var out []string
		for _, c := range items {
			out = append(out, c.ID)
		}
		return out
	}
	if l := list(store.ConversationFilter{}); len(l) != 2 || l[0] != conv.ID {
		t.Fatalf("latest activity first: %v (conv %s other %s)", l, conv.ID, other.ID)
	}
	if l := list(store.ConversationFilter{Label: "urgent"}); len(l) != 1 || l[0] != conv.ID {
		t.Fatalf("label filter: %v", l)
	}
	if l := list(store.ConversationFilter{AssigneeID: "none"}); len(l) != 1 || l[0] != other.ID {
		t.Fatalf("unassigned: %v", l)
	}
	if l := list(store.ConversationFilter{AssigneeID: "usr_1", Status: "open", Handler: "human"}); len(l) != 1 {
		t.Fatalf("assignee+status: %v", l)
	}
	if items, _, _ := s.ListConversations(ctx, b.ID, store.ConversationFilter{}); len(items) != 0 {
		t.Fatal("b sees a's conversations")
	}
	for i, c := range []struct {
		media *store.MediaLink
		want  string
	}{
		{&store.MediaLink{Type: "image"}, "📷"},
		{&store.MediaLink{Type: "audio"}, "🎤"},
		{&store.MediaLink{Type: "document", Filename: "nota-fiscal.pdf"}, "📄 nota-fiscal.pdf"},
		{&store.MediaLink{Type: "image", Caption: "a caixa"}, "a caixa"},
	} {
		m := NewMessage(other, c.media.Caption, t0.Add(time.Duration(10+i)*time.Minute))
		m.Type, m.Media = c.media.Type, c.media
		if got, err := s.TouchConversation(ctx, m); err != nil || got.Preview != c.want {
			t.Fatalf("a %s without text shows in the list as %q (%v), want %q", c.media.Type, got.Preview, err, c.want)
		}
	}
	must(t, s.DeleteContact(ctx, a.ID, c.ID))
	_, err = s.GetConversation(ctx, a.ID, conv.ID)
	wantErr(t, err, store.ErrNotFound)
}

func testMessages(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	c := NewContact(a.ID, "Ana")
	must(t, s.CreateContact(ctx, c))
	conv, _, _ := s.ConversationFor(ctx, NewConversation(a.ID, c.ID, "conn"))
	t0 := time.Now().Add(-time.Hour)
	for i := 0; i < 7; i++ {
		m := NewMessage(conv, fmt.Sprintf("mensagem %d", i), t0.Add(time.Duration(i)*time.Second))
		m.ProviderMessageID = fmt.Sprintf("wamid.%d", i)
		inserted, err := s.InsertMessage(ctx, m)
		must(t, err)
		if !inserted {
			t.Fatal("not inserted")
		}
	}
	dup := NewMessage(conv, "dup", t0)
	dup.ProviderMessageID = "wamid.3"
	if inserted, err := s.InsertMessage(ctx, dup); err != nil || inserted {
		t.Fatalf("same provider ID stored twice: %v %v", inserted, err)
	}
	var texts []string
	cursor := ""
	for {
		page, next, err := s.ListMessages(ctx, a.ID, conv.ID, store.Page{Cursor: cursor, Limit: 3})
		must(t, err)
		for _, m := range page {
			texts = append(texts, m.Text)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(texts) != 7 || texts[0] != "mensagem 6" || texts[6] != "mensagem 0" {
		t.Fatalf("newest first: %v", texts)
	}
	if page, _, _ := s.ListMessages(ctx, b.ID, conv.ID, store.Page{}); len(page) != 0 {
		t.Fatal("b reads a's messages")
	}
	testStatus(t, s, conv)
}

func testStatus(t *testing.T, s store.Store, conv store.Conversation) {
	ctx := context.Background()
	out := NewMessage(conv, "olá", time.Now())
	out.Direction, out.Status = "out", "pending"
	_, err := s.InsertMessage(ctx, out)
	must(t, err)
	must(t, s.SetMessageSent(ctx, conv.TenantID, out.ID, "wamid.out", store.StatusChange{Status: "sent", Rank: 1, At: time.Now()}))
	apply := func(status string, maxFrom int) (string, store.StatusApplied) {
		m, applied, err := s.ApplyMessageStatus(ctx, conv.TenantID, "wamid.out", store.StatusChange{Status: status, Rank: store.StatusRanks[status], MaxFrom: maxFrom, At: time.Now()})
		must(t, err)
		return m.Status, applied
	}
	if st, ap := apply("read", 2); st != "read" || ap != store.StatusMoved {
		t.Fatalf("sent → read: %s %v", st, ap)
	}
	if st, ap := apply("delivered", 1); st != "read" || ap != store.StatusFilled {
		t.Fatalf("a late delivered must fill its step and leave read: %s %v", st, ap)
	}
	if st, ap := apply("delivered", 1); st != "read" || ap != store.StatusIgnored {
		t.Fatalf("a late delivered filled its step twice: %s %v", st, ap)
	}
	if st, ap := apply("read", 2); st != "read" || ap != store.StatusIgnored {
		t.Fatalf("a repeated read changed: %s %v", st, ap)
	}
	if st, ap := apply("failed", 2); st != "read" || ap != store.StatusIgnored {
		t.Fatalf("failed after read: %s %v", st, ap)
	}
	_, _, err = s.ApplyMessageStatus(ctx, conv.TenantID, "wamid.unknown", store.StatusChange{Status: "read", Rank: 3, MaxFrom: 2})
	wantErr(t, err, store.ErrNotFound)
	_, _, err = s.ApplyMessageStatus(ctx, "ten_other", "wamid.out", store.StatusChange{Status: "failed", Rank: 4, MaxFrom: 3})
	wantErr(t, err, store.ErrNotFound)
}

func testSearch(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	conv := func(tenant string) store.Conversation {
		c := NewContact(tenant, "x")
		must(t, s.CreateContact(ctx, c))
		cv, _, err := s.ConversationFor(ctx, NewConversation(tenant, c.ID, "conn"))
		must(t, err)
		return cv
	}
	ca, ca2, cb := conv(a.ID), conv(a.ID), conv(b.ID)
	t0 := time.Now()
	for i, m := range []store.Message{
		NewMessage(ca, "Quero um orçamento para 10 camisetas", t0),
		NewMessage(ca2, "Qual o preço do orçamento?", t0.Add(time.Second)),
		NewMessage(ca, "Obrigado!", t0.Add(2*time.Second)),
		NewMessage(cb, "orçamento secreto da empresa B", t0.Add(3*time.Second)),
	} {
		m.ProviderMessageID = fmt.Sprint("p", i)
		_, err := s.InsertMessage(ctx, m)
		must(t, err)
	}
	search := func(q, convID string) []string {
		items, _, err := s.SearchMessages(ctx, a.ID, q, convID, store.Page{})
		must(t, err)
		var out []string
		for _, m := range items {
			out = append(out, m.Text)
		}
		return out
	}
	if got := search("orçamento", ""); len(got) != 2 || got[0] != "Qual o preço do orçamento?" {
		t.Fatalf("search across conversations, newest first, own tenant only: %v", got)
	}
	if got := search("camis orçam", ""); len(got) != 1 {
		t.Fatalf("every word, as prefixes: %v", got)
	}
	if got := search("orçamento", ca.ID); len(got) != 1 {
		t.Fatalf("one conversation: %v", got)
	}
	if got := search(`" OR * NEAR( -`, ""); len(got) != 0 {
		t.Fatalf("operators are not syntax: %v", got)
	}
	if got := search("secreto", ""); len(got) != 0 {
		t.Fatalf("found b's message: %v", got)
	}
	must(t, s.DeleteContact(ctx, a.ID, ca2.ContactID))
	if got := search("preço", ""); len(got) != 0 {
		t.Fatalf("an erased contact's messages are still searchable: %v", got)
	}
}

// testCreateConversations: one statement makes the conversations whose
// contact exists and has none on the connection; an existing one, a
// second key for the same pair, an unknown contact and another tenant's
// contact make nothing.
func testCreateConversations(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "cc")
	b, _ := Seed(t, s, "cd")
	ana, bia, theirs := NewContact(a.ID, "Ana"), NewContact(a.ID, "Bia"), NewContact(b.ID, "Deles")
	for _, c := range []store.Contact{ana, bia, theirs} {
		must(t, s.CreateContact(ctx, c))
	}
	had, _, err := s.ConversationFor(ctx, NewConversation(a.ID, bia.ID, "conn_1"))
	must(t, err)
	keys := []store.Conversation{NewConversation(a.ID, ana.ID, "conn_1"), NewConversation(a.ID, bia.ID, "conn_1"),
		NewConversation(a.ID, ana.ID, "conn_1"), NewConversation(a.ID, "con_nobody", "conn_1"),
		NewConversation(a.ID, theirs.ID, "conn_1"), NewConversation(a.ID, ana.ID, "conn_2")}
	made, err := s.CreateConversations(ctx, keys)
	must(t, err)
	if want := []bool{true, false, false, false, false, true}; !slices.Equal(made, want) {
		t.Fatalf("created %v, want %v", made, want)
	}
	got, err := s.ConversationsOf(ctx, a.ID, keys)
	must(t, err)
	if got[0].ID != keys[0].ID || got[2].ID != keys[0].ID || got[1].ID != had.ID || got[3].ID != "" || got[4].ID != "" ||
		got[5].ID != keys[5].ID || got[0].Status != "open" || got[0].Channel != "whatsapp" {
		t.Fatalf("read back: %+v", got)
	}
	if _, err := s.GetConversation(ctx, b.ID, keys[4].ID); err == nil {
		t.Fatal("a conversation was made for another tenant's contact")
	}
}

// testCloseWindow: the time the channel found a conversation's window
// closed is kept and read back with it, per tenant.
func testCloseWindow(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "cw")
	b, _ := Seed(t, s, "cx")
	ana := NewContact(a.ID, "Ana")
	must(t, s.CreateContact(ctx, ana))
	c, _, err := s.ConversationFor(ctx, NewConversation(a.ID, ana.ID, "conn_1"))
	must(t, err)
	if c.WindowClosedAt != nil {
		t.Fatalf("a new conversation has its window closed at %v", c.WindowClosedAt)
	}
	at := time.Date(2026, 11, 26, 13, 0, 0, 0, time.UTC)
	wantErr(t, s.CloseWindow(ctx, b.ID, c.ID, at), store.ErrNotFound) // another tenant's
	must(t, s.CloseWindow(ctx, a.ID, c.ID, at))
	got, err := s.GetConversation(ctx, a.ID, c.ID)
	must(t, err)
	if got.WindowClosedAt == nil || !got.WindowClosedAt.Equal(at) {
		t.Fatalf("window closed at %v, want %v", got.WindowClosedAt, at)
	}
}
