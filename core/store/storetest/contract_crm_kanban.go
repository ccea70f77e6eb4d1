package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// NewBoard creates a board with stages named names, positions "a0", "a1", ….
func NewBoard(t testing.TB, s store.Store, tenantID, name string, names ...string) store.Board {
	t.Helper()
	ctx := context.Background()
	b := store.Board{ID: ids.New("brd"), TenantID: tenantID, Name: name, CreatedAt: time.Now()}
	must(t, s.CreateBoard(ctx, b))
	for i, n := range names {
		must(t, s.CreateStage(ctx, store.Stage{ID: ids.New("stg"), TenantID: tenantID, BoardID: b.ID, Name: n, Position: fmt.Sprintf("a%d", i), CreatedAt: time.Now()}))
	}
	got, err := s.GetBoard(ctx, tenantID, b.ID)
	must(t, err)
	return got
}

func testKanban(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	board := NewBoard(t, s, a.ID, "Vendas", "Novo", "Qualificado", "Ganho")
	if len(board.Stages) != 3 || board.Stages[1].Name != "Qualificado" {
		t.Fatalf("stages in order: %+v", board.Stages)
	}
	byName, err := s.BoardByName(ctx, a.ID, "Vendas")
	must(t, err)
	if byName.ID != board.ID {
		t.Fatal("by name")
	}
	_, err = s.GetBoard(ctx, b.ID, board.ID)
	wantErr(t, err, store.ErrNotFound)
	wantErr(t, s.CreateStage(ctx, store.Stage{ID: ids.New("stg"), TenantID: b.ID, BoardID: board.ID, Name: "x", Position: "a9"}), store.ErrNotFound)
	_, err = s.LockStage(ctx, b.ID, board.Stages[0].ID)
	wantErr(t, err, store.ErrNotFound)

	contact := NewContact(a.ID, "Ana")
	must(t, s.CreateContact(ctx, contact))
	stage := board.Stages[0]
	card := func(pos string) store.Card {
		c := store.Card{ID: ids.New("crd"), TenantID: a.ID, StageID: stage.ID, ContactID: contact.ID, Title: "deal " + pos, ValueCents: 1000, Position: pos, CreatedAt: time.Now(), UpdatedAt: time.Now()}
		must(t, s.CreateCard(ctx, c))
		return c
	}
	c1, c2, c3 := card("a1"), card("a2"), card("a3")
	foreign := NewContact(b.ID, "Bia")
	must(t, s.CreateContact(ctx, foreign))
	bad := c1
	bad.ID, bad.ContactID = ids.New("crd"), foreign.ID
	wantErr(t, s.CreateCard(ctx, bad), store.ErrNotFound)

	neighbours := func(after bool, pos, id, except string) string {
		f := s.CardPositionBefore
		if after {
			f = s.CardPositionAfter
		}
		p, err := f(ctx, a.ID, stage.ID, pos, id, except)
		must(t, err)
		return p
	}
	if p := neighbours(true, c1.Position, c1.ID, ""); p != "a2" {
		t.Fatalf("after c1: %q", p)
	}
	if p := neighbours(true, c1.Position, c1.ID, c2.ID); p != "a3" {
		t.Fatalf("after c1 skipping c2: %q", p)
	}
	if p := neighbours(false, "", "", ""); p != "a3" {
		t.Fatalf("last: %q", p)
	}
	if p := neighbours(false, c1.Position, c1.ID, ""); p != "" {
		t.Fatalf("before first: %q", p)
	}
	if p := neighbours(true, "", "", ""); p != "a1" {
		t.Fatalf("first: %q", p)
	}

	c3.StageID, c3.Position, c3.UpdatedAt = board.Stages[1].ID, "a0", time.Now().Add(time.Second)
	must(t, s.UpdateCard(ctx, c3))
	var order []string
	cursor := ""
	for {
		cards, next, err := s.ListCards(ctx, a.ID, store.CardFilter{BoardID: board.ID, Page: store.Page{Cursor: cursor, Limit: 1}})
		must(t, err)
		for _, c := range cards {
			order = append(order, c.Title)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if fmt.Sprint(order) != "[deal a1 deal a2 deal a3]" {
		t.Fatalf("board order: %v", order)
	}
	latest, err := s.LatestCardOfContact(ctx, a.ID, board.ID, contact.ID)
	must(t, err)
	if latest.ID != c3.ID {
		t.Fatal("latest card of contact")
	}
	if cards, _, _ := s.ListCards(ctx, b.ID, store.CardFilter{BoardID: board.ID}); len(cards) != 0 {
		t.Fatal("b lists a's cards")
	}
	must(t, s.AddCardEvent(ctx, store.CardEvent{ID: ids.New("cev"), TenantID: a.ID, CardID: c1.ID, Kind: "moved", FromStage: "x", ToStage: "y", CreatedAt: time.Now()}))
	if evs, _ := s.ListCardEvents(ctx, a.ID, c1.ID); len(evs) != 1 || evs[0].ToStage != "y" {
		t.Fatalf("history: %+v", evs)
	}
	if evs, _ := s.ListCardEvents(ctx, b.ID, c1.ID); len(evs) != 0 {
		t.Fatal("b reads a's history")
	}
	c1.TenantID = b.ID
	wantErr(t, s.UpdateCard(ctx, c1), store.ErrNotFound)
	wantErr(t, s.DeleteCard(ctx, b.ID, c2.ID), store.ErrNotFound)
	wantErr(t, s.DeleteBoard(ctx, b.ID, board.ID), store.ErrNotFound)
	must(t, s.DeleteBoard(ctx, a.ID, board.ID))
	_, err = s.GetCard(ctx, a.ID, c2.ID)
	wantErr(t, err, store.ErrNotFound)
}

func testCannedAndAgents(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, owner := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	r := store.CannedResponse{ID: ids.New("cnr"), TenantID: a.ID, Shortcut: "oi", Title: "Saudação", Body: "Olá! Como posso ajudar?", CreatedAt: time.Now()}
	must(t, s.CreateCanned(ctx, r))
	wantErr(t, s.CreateCanned(ctx, store.CannedResponse{ID: ids.New("cnr"), TenantID: a.ID, Shortcut: "oi", Body: "x"}), store.ErrConflict)
	if l, _ := s.ListCanned(ctx, a.ID, "sau"); len(l) != 1 {
		t.Fatalf("canned by title prefix: %v", l)
	}
	if l, _ := s.ListCanned(ctx, b.ID, ""); len(l) != 0 {
		t.Fatal("b sees a's canned responses")
	}
	r.TenantID = b.ID
	wantErr(t, s.UpdateCanned(ctx, r), store.ErrNotFound)
	wantErr(t, s.DeleteCanned(ctx, b.ID, r.ID), store.ErrNotFound)

	_, err := s.NextAgent(ctx, a.ID, time.Now())
	wantErr(t, err, store.ErrNotFound)
	agents := []string{owner.ID}
	for i := 0; i < 2; i++ {
		u := store.User{ID: ids.New("usr"), Email: fmt.Sprintf("agent%d-%s@example.com", i, a.ID[4:12]), PasswordHash: "x", CreatedAt: time.Now()}
		must(t, s.CreateUser(ctx, u))
		must(t, s.AddMember(ctx, a.ID, u.ID, "agent"))
		agents = append(agents, u.ID)
	}
	viewer := store.User{ID: ids.New("usr"), Email: "viewer-" + a.ID[4:12] + "@example.com", PasswordHash: "x", CreatedAt: time.Now()}
	must(t, s.CreateUser(ctx, viewer))
	must(t, s.AddMember(ctx, a.ID, viewer.ID, "viewer"))
	for _, id := range append(agents, viewer.ID) {
		must(t, s.SetAgentPresence(ctx, a.ID, id, true, time.Now()))
	}
	must(t, s.SetAgentPresence(ctx, a.ID, agents[2], false, time.Now()))
	counts := map[string]int{}
	for i := 0; i < 6; i++ {
		id, err := s.NextAgent(ctx, a.ID, time.Now())
		must(t, err)
		counts[id]++
	}
	if counts[agents[0]] != 3 || counts[agents[1]] != 3 || counts[viewer.ID] != 0 || counts[agents[2]] != 0 {
		t.Fatalf("round robin among online agents: %v", counts)
	}
	_, err = s.NextAgent(ctx, b.ID, time.Now())
	wantErr(t, err, store.ErrNotFound)
}
