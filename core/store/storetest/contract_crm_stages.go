package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// testStages: a stage is renamed, moved and deleted only by its own
// tenant; a name the board already has is a conflict.
func testStages(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, _ := Seed(t, s, "a")
	b, _ := Seed(t, s, "b")
	board := NewBoard(t, s, a.ID, "Vendas", "Novo", "Qualificado", "Ganho")
	novo, ganho := board.Stages[0], board.Stages[2]

	novo.Name, novo.Position = "Entrada", "a5"
	must(t, s.UpdateStage(ctx, novo))
	got, err := s.GetBoard(ctx, a.ID, board.ID)
	must(t, err)
	if names := stageNames(got); names != "Qualificado,Ganho,Entrada" {
		t.Fatalf("renamed and moved to the end: %s", names)
	}
	dup := novo
	dup.Name = "Ganho"
	wantErr(t, s.UpdateStage(ctx, dup), store.ErrConflict)

	foreign := novo
	foreign.TenantID, foreign.Name = b.ID, "hijacked"
	wantErr(t, s.UpdateStage(ctx, foreign), store.ErrNotFound)
	wantErr(t, s.DeleteStage(ctx, b.ID, ganho.ID), store.ErrNotFound)
	if got, _ := s.GetBoard(ctx, a.ID, board.ID); stageNames(got) != "Qualificado,Ganho,Entrada" {
		t.Fatalf("b changed a's stages: %s", stageNames(got))
	}

	contact := NewContact(a.ID, "Ana")
	must(t, s.CreateContact(ctx, contact))
	card := store.Card{ID: ids.New("crd"), TenantID: a.ID, StageID: ganho.ID, ContactID: contact.ID, Title: "deal", Position: "a0", CreatedAt: time.Now(), UpdatedAt: time.Now()}
	must(t, s.CreateCard(ctx, card))
	if cards, _, _ := s.ListCards(ctx, a.ID, store.CardFilter{BoardID: board.ID, StageID: ganho.ID}); len(cards) != 1 {
		t.Fatalf("cards of a stage: %+v", cards)
	}
	must(t, s.DeleteStage(ctx, a.ID, ganho.ID))
	wantErr(t, s.DeleteStage(ctx, a.ID, ganho.ID), store.ErrNotFound)
	if got, _ := s.GetBoard(ctx, a.ID, board.ID); stageNames(got) != "Qualificado,Entrada" {
		t.Fatalf("after delete: %s", stageNames(got))
	}
	_, err = s.GetCard(ctx, a.ID, card.ID)
	wantErr(t, err, store.ErrNotFound)
}

func stageNames(b store.Board) string {
	out := ""
	for i, st := range b.Stages {
		if i > 0 {
			out += ","
		}
		out += st.Name
	}
	return out
}
