package kanban

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

func stageOrder(b store.Board) string {
	names := make([]string, len(b.Stages))
	for i, st := range b.Stages {
		names[i] = st.Name
	}
	return strings.Join(names, ",")
}

func TestStagesAreRenamedAndReordered(t *testing.T) {
	s, p, b, _ := setup(t, "sqlite")
	ctx := context.Background()
	novo, qual, ganho := b.Stages[0].ID, b.Stages[1].ID, b.Stages[2].ID
	steps := []struct {
		id   string
		in   StagePatch
		want string
	}{
		{novo, StagePatch{Name: ptr("  Entrada ")}, "Entrada,Qualificado,Ganho"},
		{novo, StagePatch{AfterID: ganho}, "Qualificado,Ganho,Entrada"},
		{novo, StagePatch{BeforeID: qual}, "Entrada,Qualificado,Ganho"},
		{ganho, StagePatch{AfterID: novo, Name: ptr("Fechado")}, "Entrada,Fechado,Qualificado"},
		{qual, StagePatch{BeforeID: ganho}, "Entrada,Qualificado,Fechado"},
	}
	for _, st := range steps {
		got, err := s.UpdateStage(ctx, p, st.id, st.in)
		if err != nil {
			t.Fatalf("%+v: %v", st.in, err)
		}
		if stageOrder(got) != st.want {
			t.Fatalf("%+v: %s, want %s", st.in, stageOrder(got), st.want)
		}
	}
}

func TestBadStageChangesAreRefusedAndChangeNothing(t *testing.T) {
	s, p, b, _ := setup(t, "sqlite")
	ctx := context.Background()
	novo, qual := b.Stages[0].ID, b.Stages[1].ID
	other, err := s.CreateBoard(ctx, p, BoardInput{Name: "Suporte", Stages: []string{"Aberto"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		id   string
		in   StagePatch
		code apperr.Code
	}{
		{"empty name", novo, StagePatch{Name: ptr("  ")}, apperr.Invalid},
		{"nothing to change", novo, StagePatch{}, apperr.Invalid},
		{"both neighbours", novo, StagePatch{AfterID: qual, BeforeID: qual}, apperr.Invalid},
		{"after itself", novo, StagePatch{AfterID: novo}, apperr.Invalid},
		{"another board's stage", novo, StagePatch{AfterID: other.Stages[0].ID}, apperr.Invalid},
		{"a name the board has", novo, StagePatch{Name: ptr("Ganho")}, apperr.Conflict},
		{"unknown stage", "stg_nope", StagePatch{Name: ptr("x")}, apperr.NotFound},
	}
	for _, c := range cases {
		if _, err := s.UpdateStage(ctx, p, c.id, c.in); !apperr.Is(err, c.code) {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	foreign := tenancy.Principal{TenantID: "ten_other", UserID: p.UserID, Role: auth.RoleOwner}
	if _, err := s.UpdateStage(ctx, foreign, novo, StagePatch{Name: ptr("x")}); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another tenant: %v", err)
	}
	agent := p
	agent.Role = auth.RoleAgent
	if _, err := s.UpdateStage(ctx, agent, novo, StagePatch{Name: ptr("x")}); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("an agent: %v", err)
	}
	if got, _ := s.GetBoard(ctx, p, b.ID); stageOrder(got) != "Novo,Qualificado,Ganho" {
		t.Fatalf("refused changes changed the board: %s", stageOrder(got))
	}
}

func TestOnlyAnEmptyStageIsDeleted(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			s, p, b, contact := setup(t, driver)
			ctx := context.Background()
			novo, qual := b.Stages[0].ID, b.Stages[1].ID
			card, err := s.CreateCard(ctx, p, CardInput{StageID: novo, ContactID: contact.ID, Title: ptr("Negócio")})
			if err != nil {
				t.Fatal(err)
			}
			err = s.DeleteStage(ctx, p, novo)
			if !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "move them to another stage first") {
				t.Fatalf("a stage with a card: %v", err)
			}
			if _, err := s.GetCard(ctx, p, card.ID); err != nil {
				t.Fatalf("the refused delete lost the card: %v", err)
			}
			if _, err := s.Move(ctx, p, card.ID, Placement{StageID: qual}); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteStage(ctx, p, novo); err != nil {
				t.Fatalf("the emptied stage: %v", err)
			}
			if err := s.DeleteStage(ctx, p, novo); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("deleted twice: %v", err)
			}
			if err := s.DeleteStage(ctx, p, b.Stages[2].ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Move(ctx, p, card.ID, Placement{StageID: qual}); err != nil {
				t.Fatal(err)
			}
			// Qualificado is the last stage now, and holds the card: both refusals apply; the last-stage one speaks.
			if err := s.DeleteStage(ctx, p, qual); !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "only stage") {
				t.Fatalf("the last stage: %v", err)
			}
			if got, _ := s.GetBoard(ctx, p, b.ID); stageOrder(got) != "Qualificado" {
				t.Fatalf("stages left: %s", stageOrder(got))
			}
		})
	}
}

func TestABoardHoldsAtMostMaxStages(t *testing.T) {
	s, p, b, _ := setup(t, "sqlite")
	ctx := context.Background()
	for i := len(b.Stages); i < MaxStages; i++ {
		if _, err := s.AddStage(ctx, p, b.ID, StageInput{Name: fmt.Sprintf("Etapa %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddStage(ctx, p, b.ID, StageInput{Name: "Uma a mais"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("stage %d: %v", MaxStages+1, err)
	}
	if got, _ := s.GetBoard(ctx, p, b.ID); len(got.Stages) != MaxStages {
		t.Fatalf("stages: %d", len(got.Stages))
	}
}
