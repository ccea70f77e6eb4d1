package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// testAnalytics builds a small known history for tenant a (and noise for
// tenant b) and checks every figure of the overview.
func testAnalytics(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	day1 := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	day2 := day1.Add(24 * time.Hour)

	ana := NewContact(a.ID, "Ana")
	must(t, s.CreateContact(ctx, ana))
	conv, _, err := s.ConversationFor(ctx, NewConversation(a.ID, ana.ID, "conn_1"))
	must(t, err)
	msg := func(c store.Conversation, dir, status string, at time.Time) {
		t.Helper()
		m := NewMessage(c, dir+" "+status, at)
		m.Direction, m.Status = dir, status
		if _, err := s.InsertMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	// day 1: Ana writes, the bot answers 30 s later (read), Ana writes
	// again; an agent answers 90 s later (delivered, never replied to).
	msg(conv, "in", "received", day1)
	msg(conv, "out", "read", day1.Add(30*time.Second))
	msg(conv, "in", "received", day1.Add(time.Minute))
	msg(conv, "out", "delivered", day1.Add(150*time.Second))
	// day 2: one sent, one failed, one pending (not counted as sent).
	msg(conv, "out", "sent", day2)
	msg(conv, "out", "failed", day2.Add(time.Second))
	msg(conv, "out", "pending", day2.Add(2*time.Second))
	// outside the range
	msg(conv, "in", "received", day1.Add(-48*time.Hour))

	// tenant b: noise that must not count
	bob := NewContact(b.ID, "Bob")
	must(t, s.CreateContact(ctx, bob))
	convB, _, err := s.ConversationFor(ctx, NewConversation(b.ID, bob.ID, "conn_b"))
	must(t, err)
	msg(convB, "out", "read", day1)
	msg(convB, "in", "received", day1.Add(time.Second))
	boardB := NewBoard(t, s, b.ID, "Vendas", "Novo")
	must(t, s.CreateCard(ctx, store.Card{ID: ids.New("crd"), TenantID: b.ID, StageID: boardB.Stages[0].ID, ContactID: bob.ID,
		Title: "b", ValueCents: 999, Position: "a0", CreatedAt: day1, UpdatedAt: day1}))

	// conversations now: Ana's is open and unassigned; a second one is
	// pending and human-handled.
	carla := NewContact(a.ID, "Carla")
	must(t, s.CreateContact(ctx, carla))
	pend, _, err := s.ConversationFor(ctx, NewConversation(a.ID, carla.ID, "conn_1"))
	must(t, err)
	pend.Status, pend.Handler, pend.AssigneeID = "pending", "human", "usr_x"
	must(t, s.UpdateConversation(ctx, pend))

	board := NewBoard(t, s, a.ID, "Vendas", "Novo", "Qualificado", "Ganho")
	for i, v := range []int64{1000, 2500} {
		must(t, s.CreateCard(ctx, store.Card{ID: ids.New("crd"), TenantID: a.ID, StageID: board.Stages[1].ID, ContactID: ana.ID,
			Title: "deal", ValueCents: v, Position: "a" + string(rune('0'+i)), CreatedAt: day1, UpdatedAt: day1}))
	}

	o, err := s.AnalyticsOverview(ctx, a.ID, store.AnalyticsRange{From: day1.Add(-time.Hour), To: day2.Add(time.Hour)})
	must(t, err)
	if want := (store.MessageCounts{Received: 2, Sent: 3, Delivered: 2, Read: 1, Replied: 1, Failed: 1}); o.Messages != want {
		t.Errorf("messages: %+v, want %+v", o.Messages, want)
	}
	wantDays := []store.DayCounts{{Day: "2026-03-10", Received: 2, Sent: 2, Delivered: 2, Read: 1}, {Day: "2026-03-11", Sent: 1}}
	if len(o.Days) != 2 || o.Days[0] != wantDays[0] || o.Days[1] != wantDays[1] {
		t.Errorf("days: %+v, want %+v", o.Days, wantDays)
	}
	if want := (store.ResponseTime{Answered: 2, MeanMS: 60_000, MedianMS: 60_000}); o.Response != want {
		t.Errorf("response: %+v, want %+v", o.Response, want)
	}
	if want := (store.ConvCounts{Open: 1, Pending: 1, Unassigned: 1}); o.Conversations != want {
		t.Errorf("conversations: %+v, want %+v", o.Conversations, want)
	}
	if len(o.Stages) != 3 {
		t.Fatalf("stages: %+v", o.Stages)
	}
	for i, want := range []store.StageCount{
		{BoardID: board.ID, Board: "Vendas", StageID: board.Stages[0].ID, Stage: "Novo"},
		{BoardID: board.ID, Board: "Vendas", StageID: board.Stages[1].ID, Stage: "Qualificado", Cards: 2, ValueCents: 3500},
		{BoardID: board.ID, Board: "Vendas", StageID: board.Stages[2].ID, Stage: "Ganho"},
	} {
		if o.Stages[i] != want {
			t.Errorf("stage %d: %+v, want %+v", i, o.Stages[i], want)
		}
	}

	// Days follow the offset: 3 h back moves nothing across midnight here,
	// 13 h forward moves day 1's noon messages to the 11th.
	o, err = s.AnalyticsOverview(ctx, a.ID, store.AnalyticsRange{From: day1.Add(-time.Hour), To: day2.Add(time.Hour), DayOffset: 13 * time.Hour})
	must(t, err)
	if len(o.Days) != 2 || o.Days[0].Day != "2026-03-11" || o.Days[1].Day != "2026-03-12" {
		t.Errorf("days with offset: %+v", o.Days)
	}

	// An empty tenant: zeros, no days, no stages.
	c, _ := Seed(t, s, "c")
	o, err = s.AnalyticsOverview(ctx, c.ID, store.AnalyticsRange{From: day1, To: day2})
	must(t, err)
	if o.Messages != (store.MessageCounts{}) || len(o.Days) != 0 || o.Response != (store.ResponseTime{}) || len(o.Stages) != 0 {
		t.Errorf("empty tenant: %+v", o)
	}
}
