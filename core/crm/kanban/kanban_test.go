package kanban

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/store/sqlstore"
	"github.com/masteria/masteria/core/store/storetest"
	"github.com/masteria/masteria/core/tenancy"
)

func open(t *testing.T, driver string) store.Store {
	t.Helper()
	ctx := context.Background()
	var st store.Store
	var err error
	if driver == "postgres" {
		st, err = sqlstore.OpenPostgres(ctx, storetest.PostgresURL(t))
	} else {
		st, err = sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "m.db"))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func setup(t *testing.T, driver string) (*Service, tenancy.Principal, store.Board, store.Contact) {
	t.Helper()
	st := open(t, driver)
	ten, u := storetest.Seed(t, st, "acme")
	p := tenancy.Principal{TenantID: ten.ID, UserID: u.ID, Role: auth.RoleOwner}
	s := New(st)
	b, err := s.CreateBoard(context.Background(), p, BoardInput{Name: "Vendas", Stages: []string{"Novo", "Qualificado", "Ganho"}})
	if err != nil {
		t.Fatal(err)
	}
	c := storetest.NewContact(ten.ID, "Maria")
	if err := st.CreateContact(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return s, p, b, c
}

func ptr[T any](v T) *T { return &v }

func titles(t *testing.T, s *Service, p tenancy.Principal, stageID string) []string {
	t.Helper()
	cards, _, err := s.ListCards(context.Background(), p, store.CardFilter{StageID: stageID, Page: store.Page{Limit: 5000}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cards {
		out = append(out, c.Title)
	}
	return out
}

func TestMoveOrdersCardsAndRecordsHistory(t *testing.T) {
	s, p, b, contact := setup(t, "sqlite")
	ctx := context.Background()
	novo, qual := b.Stages[0].ID, b.Stages[1].ID
	var cards []store.Card
	for _, title := range []string{"A", "B", "C"} {
		c, err := s.CreateCard(ctx, p, CardInput{StageID: novo, ContactID: contact.ID, Title: ptr(title), ValueCents: ptr(int64(5000)), Currency: ptr("BRL")})
		if err != nil {
			t.Fatal(err)
		}
		cards = append(cards, c)
	}
	if got := titles(t, s, p, novo); !slices.Equal(got, []string{"A", "B", "C"}) {
		t.Fatalf("appended in order: %v", got)
	}
	moves := []struct {
		card int
		to   Placement
		novo []string
		qual []string
	}{
		{2, Placement{StageID: novo, BeforeID: cards[0].ID}, []string{"C", "A", "B"}, nil},
		{0, Placement{StageID: novo, AfterID: cards[1].ID}, []string{"C", "B", "A"}, nil},
		{1, Placement{StageID: qual}, []string{"C", "A"}, []string{"B"}},
		{2, Placement{StageID: qual, BeforeID: cards[1].ID}, []string{"A"}, []string{"C", "B"}},
	}
	for i, m := range moves {
		if _, err := s.Move(ctx, p, cards[m.card].ID, m.to); err != nil {
			t.Fatalf("move %d: %v", i, err)
		}
		if got, got2 := titles(t, s, p, novo), titles(t, s, p, qual); !slices.Equal(got, m.novo) || !slices.Equal(got2, m.qual) {
			t.Fatalf("after move %d: %v %v", i, got, got2)
		}
	}
	hist, _ := s.History(ctx, p, cards[1].ID)
	if len(hist) != 2 || hist[1].Kind != "moved" || hist[1].FromStage != "Novo" || hist[1].ToStage != "Qualificado" {
		t.Fatalf("history: %+v", hist)
	}
	if _, err := s.Move(ctx, p, cards[0].ID, Placement{StageID: novo, AfterID: cards[1].ID}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("a neighbour from another stage: %v", err)
	}
	if _, err := s.Move(ctx, tenancy.Principal{TenantID: "ten_x", Role: auth.RoleOwner}, cards[0].ID, Placement{StageID: novo}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("foreign move: %v", err)
	}
	var moved int
	for {
		n, _ := s.Store.ClaimEvents(ctx, 100, func(es []store.Event) error {
			for _, e := range es {
				if e.Type == "kanban.card.moved" {
					moved++
				}
			}
			return nil
		})
		if n == 0 {
			break
		}
	}
	if moved != len(moves) {
		t.Fatalf("kanban.card.moved fired %d times for %d moves", moved, len(moves))
	}
}

// TestFlowMoveCreatesTheContactsCard is the kanban.move step: by board and
// stage names, creating the card the first time.
func TestFlowMoveCreatesTheContactsCard(t *testing.T) {
	s, p, b, contact := setup(t, "sqlite")
	ctx := context.Background()
	m, err := Move(ctx, s.Store, p.TenantID, MoveRequest{ContactID: contact.ID, Board: "Vendas", Stage: "Qualificado", Actor: "system"}, time.Now())
	if err != nil || !m.Created || m.Card.Title != "Maria" || m.To.Name != "Qualificado" {
		t.Fatalf("%+v %v", m, err)
	}
	again, err := Move(ctx, s.Store, p.TenantID, MoveRequest{ContactID: contact.ID, Board: b.ID, Stage: "Ganho"}, time.Now())
	if err != nil || again.Created || again.Card.ID != m.Card.ID || again.From.Name != "Qualificado" {
		t.Fatalf("%+v %v", again, err)
	}
	if _, err := Move(ctx, s.Store, p.TenantID, MoveRequest{ContactID: contact.ID, Board: "Vendas", Stage: "Perdido"}, time.Now()); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("unknown stage: %v", err)
	}
	if _, err := Move(ctx, s.Store, "ten_other", MoveRequest{ContactID: contact.ID, Board: "Vendas", Stage: "Ganho"}, time.Now()); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("foreign tenant: %v", err)
	}
}

// TestConcurrentMovesKeepATotalOrder drops many cards at the same spot at
// once, on both drivers: every card ends up exactly once, at a distinct
// position, right after the anchor in some order.
func TestConcurrentMovesKeepATotalOrder(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			s, p, b, contact := setup(t, driver)
			ctx := context.Background()
			novo, qual := b.Stages[0].ID, b.Stages[1].ID
			anchor, _ := s.CreateCard(ctx, p, CardInput{StageID: qual, ContactID: contact.ID, Title: ptr("anchor")})
			tail, _ := s.CreateCard(ctx, p, CardInput{StageID: qual, ContactID: contact.ID, Title: ptr("tail")})
			var ids []string
			for i := 0; i < 16; i++ {
				c, err := s.CreateCard(ctx, p, CardInput{StageID: novo, ContactID: contact.ID, Title: ptr(fmt.Sprint("c", i))})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, c.ID)
			}
			var wg sync.WaitGroup
			for _, id := range ids {
				wg.Go(func() {
					if _, err := s.Move(ctx, p, id, Placement{StageID: qual, AfterID: anchor.ID}); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			cards, _, _ := s.ListCards(ctx, p, store.CardFilter{StageID: qual})
			if len(cards) != 18 || cards[0].ID != anchor.ID || cards[17].ID != tail.ID {
				t.Fatalf("%d cards, first %s last %s", len(cards), cards[0].Title, cards[len(cards)-1].Title)
			}
			seen := map[string]bool{}
			for i, c := range cards {
				if seen[c.Position] || i > 0 && c.Position <= cards[i-1].Position {
					t.Fatalf("position %q repeated or out of order at %d", c.Position, i)
				}
				seen[c.Position] = true
			}
		})
	}
}
