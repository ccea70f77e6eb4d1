package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/masteria/masteria/core/store"
)

// outMessage is an agent's (or the bot's) message in a conversation.
func outMessage(c store.Conversation, text string, at time.Time) store.Message {
	m := NewMessage(c, text, at)
	m.Direction, m.Status = "out", "sent"
	return m
}

// testWaiting: the first unanswered inbound message starts the wait, a
// reply ends it, the customer's reaction does neither, resolving ends it;
// sort=waiting lists only the waiting, longest first, in pages, within the
// tenant.
func testWaiting(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	t0 := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	conv := func(tenantID, name string) store.Conversation {
		c := NewContact(tenantID, name)
		must(t, s.CreateContact(ctx, c))
		got, _, err := s.ConversationFor(ctx, NewConversation(tenantID, c.ID, "conn_1"))
		must(t, err)
		return got
	}
	waiting := func(c store.Conversation) *time.Time {
		got, err := s.GetConversation(ctx, c.TenantID, c.ID)
		must(t, err)
		return got.WaitingSince
	}
	ana, bia, caio, other := conv(a.ID, "Ana"), conv(a.ID, "Bia"), conv(a.ID, "Caio"), conv(b.ID, "Zé")
	if waiting(ana) != nil {
		t.Fatal("a new conversation waits")
	}
	_, err := s.TouchConversations(ctx, []store.Message{NewMessage(ana, "oi", t0), NewMessage(ana, "alguém?", t0.Add(time.Minute))})
	must(t, err)
	if w := waiting(ana); w == nil || !w.Equal(t0) {
		t.Fatalf("waiting since %v, want the first message %v", w, t0)
	}
	_, err = s.TouchConversation(ctx, outMessage(ana, "Olá!", t0.Add(2*time.Minute)))
	must(t, err)
	if w := waiting(ana); w != nil {
		t.Fatalf("answered, still waiting since %v", w)
	}
	thumbs := NewMessage(ana, "👍", t0.Add(3*time.Minute))
	thumbs.Type = "reaction"
	_, err = s.TouchConversation(ctx, thumbs)
	must(t, err)
	if w := waiting(ana); w != nil {
		t.Fatalf("a reaction waits since %v", w)
	}
	testWhatAnswers(t, s, ana, t0.Add(3*time.Minute+30*time.Second), waiting)
	// In one batch: answered, then asked again — the wait starts at the question after the answer.
	_, err = s.TouchConversations(ctx, []store.Message{NewMessage(bia, "oi", t0.Add(4*time.Minute)),
		outMessage(bia, "Olá", t0.Add(5*time.Minute)), NewMessage(bia, "e o prazo?", t0.Add(6*time.Minute))})
	must(t, err)
	if w := waiting(bia); w == nil || !w.Equal(t0.Add(6*time.Minute)) {
		t.Fatalf("bia waits since %v", w)
	}
	for _, c := range []store.Conversation{caio, other} {
		_, err = s.TouchConversation(ctx, NewMessage(c, "oi", t0.Add(7*time.Minute)))
		must(t, err)
	}
	list := func(f store.ConversationFilter) []string {
		t.Helper()
		f.Sort = "waiting"
		var ids []string
		for {
			items, next, err := s.ListConversations(ctx, a.ID, f)
			must(t, err)
			for _, c := range items {
				ids = append(ids, c.ID)
			}
			if next == "" {
				return ids
			}
			f.Cursor = next
		}
	}
	if got := list(store.ConversationFilter{Page: store.Page{Limit: 1}}); !slices.Equal(got, []string{bia.ID, caio.ID}) {
		t.Fatalf("waiting list %v, want bia then caio %v", got, []string{bia.ID, caio.ID})
	}
	// Resolving ends the wait; a later message starts a new one.
	got, _ := s.GetConversation(ctx, a.ID, bia.ID)
	got.Status = "resolved"
	must(t, s.UpdateConversation(ctx, got))
	if w := waiting(bia); w != nil {
		t.Fatalf("resolved, still waiting since %v", w)
	}
	if got := list(store.ConversationFilter{}); !slices.Equal(got, []string{caio.ID}) {
		t.Fatalf("after resolving: %v", got)
	}
	got.Status = "open"
	must(t, s.UpdateConversation(ctx, got))
	_, err = s.TouchConversation(ctx, NewMessage(caio, "ainda aqui", t0.Add(8*time.Minute)))
	must(t, err)
	if w := waiting(caio); w == nil || !w.Equal(t0.Add(7*time.Minute)) {
		t.Fatalf("a second message moved the wait: %v", w)
	}
}

// testWhatAnswers: an agent's reaction to the customer's message ends
// their wait (they were acknowledged); a campaign's message (a blast) and
// a send that failed do not, alone or in a batch. c waits for nobody
// before and after; t0 is after its messages.
func testWhatAnswers(t *testing.T, s store.Store, c store.Conversation, t0 time.Time, waiting func(store.Conversation) *time.Time) {
	t.Helper()
	ctx := context.Background()
	ask := func(at time.Time) {
		t.Helper()
		_, err := s.TouchConversation(ctx, NewMessage(c, "e o prazo?", at))
		must(t, err)
		if w := waiting(c); w == nil {
			t.Fatal("a question does not wait")
		}
	}
	campaign := outMessage(c, "Promoção de sábado", t0.Add(time.Second))
	campaign.Extra = json.RawMessage(`{"campaign_id":"cmp_1","campaign_send_id":"snd_1"}`)
	failed := outMessage(c, "Seu boleto", t0.Add(2*time.Second))
	failed.Status, failed.Error = "failed", "131026 not on WhatsApp"
	ask(t0)
	for _, m := range []store.Message{campaign, failed} {
		_, err := s.TouchConversation(ctx, m)
		must(t, err)
		if w := waiting(c); w == nil || !w.Equal(t0) {
			t.Fatalf("after %q (%s) the wait is %v, want still since %v", m.Text, m.Status, w, t0)
		}
	}
	_, err := s.TouchConversations(ctx, []store.Message{campaign, failed})
	must(t, err)
	if w := waiting(c); w == nil || !w.Equal(t0) {
		t.Fatalf("after a batch of a campaign's message and a failed send the wait is %v, want %v", w, t0)
	}
	react := outMessage(c, "👍", t0.Add(3*time.Second))
	react.Type = "reaction"
	_, err = s.TouchConversation(ctx, react)
	must(t, err)
	if w := waiting(c); w != nil {
		t.Fatalf("the agent reacted, and the customer still waits since %v", w)
	}
}

// testConversationQuery: q matches the contact's name (case and accents
// aside) or phone digits, within the tenant and the other filters.
func testConversationQuery(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	conv := func(tenantID, name, phone string) string {
		c := NewContact(tenantID, name)
		c.Phone = phone
		must(t, s.CreateContact(ctx, c))
		got, _, err := s.ConversationFor(ctx, NewConversation(tenantID, c.ID, "conn_1"))
		must(t, err)
		return got.ID
	}
	ana := conv(a.ID, "Ana Souza", "+5511987654321")
	joao := conv(a.ID, "JOÃO Conceição", "+5521912345678")
	mariana := conv(a.ID, "Mariana", "+5531999990000")
	conv(b.ID, "Ana Souza", "+5511987654321") // another tenant's
	find := func(q string) []string {
		t.Helper()
		items, _, err := s.ListConversations(ctx, a.ID, store.ConversationFilter{Query: q})
		must(t, err)
		ids := []string{}
		for _, c := range items {
			ids = append(ids, c.ID)
		}
		slices.Sort(ids)
		return ids
	}
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"Ana Souza", []string{ana}},
		{"ana souza", []string{ana}},
		{"ÁNA S", []string{ana}},
		{"ana", []string{ana, mariana}}, // a part of a name, as Chatwoot finds them
		{"joao conceicao", []string{joao}},
		{"João", []string{joao}},
		{"conceição", []string{joao}},
		{"11 98765-4321", []string{ana}},
		{"+55 11 9876", []string{ana}},
		{"987654321", []string{ana}},
		{"(21) 91234", []string{joao}},
		{"123", []string{}},  // fewer than 4 digits: a name search, which matches nobody
		{"100%", []string{}}, // LIKE's wildcards are literal
		{"Ana_Souza", []string{}},
	} {
		want := slices.Clone(c.want)
		slices.Sort(want)
		if got := find(c.q); !slices.Equal(got, want) {
			t.Errorf("q=%q: %v, want %v", c.q, got, want)
		}
	}
	items, _, err := s.ListConversations(ctx, a.ID, store.ConversationFilter{Query: "ana", Status: "resolved"})
	must(t, err)
	if len(items) != 0 {
		t.Fatalf("q ignores the other filters: %v", items)
	}
}
