package kanban

import (
	"context"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/crm/kanban/rank"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// StagePatch renames a stage, moves it among its board's stages, or both.
// AfterID and BeforeID name the stage it should follow or precede.
type StagePatch struct {
	Name     *string `json:"name,omitempty"`
	AfterID  string  `json:"after_id,omitempty"`
	BeforeID string  `json:"before_id,omitempty"`
}

func (in StagePatch) check(id string) (string, map[string]apperr.Field) {
	bad := map[string]apperr.Field{}
	name := ""
	if in.Name != nil {
		name = checkName("name", *in.Name, bad)
	}
	switch {
	case in.AfterID != "" && in.BeforeID != "":
		bad["after_id"] = apperr.Text("give after_id or before_id, not both")
	case in.AfterID == id:
		bad["after_id"] = apperr.Text("a stage cannot follow itself")
	case in.BeforeID == id:
		bad["before_id"] = apperr.Text("a stage cannot precede itself")
	case in.Name == nil && in.AfterID == "" && in.BeforeID == "":
		bad["name"] = apperr.Text("nothing to change: give a name, after_id or before_id")
	}
	return name, bad
}

// UpdateStage renames or moves a stage and returns its board.
func (s *Service) UpdateStage(ctx context.Context, p tenancy.Principal, id string, in StagePatch) (store.Board, error) {
	if err := crm.Require(p, auth.RoleAdmin); err != nil {
		return store.Board{}, err
	}
	name, bad := in.check(id)
	if len(bad) > 0 {
		return store.Board{}, apperr.Fields("the stage cannot be changed", bad).Because(apperr.StageInvalid, nil)
	}
	var b store.Board
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		st, err := q.LockStage(ctx, p.TenantID, id)
		if err != nil {
			return crm.NotFound(err, "stage")
		}
		if b, err = q.GetBoard(ctx, p.TenantID, st.BoardID); err != nil {
			return err
		}
		if in.Name != nil {
			st.Name = name
		}
		if in.AfterID != "" || in.BeforeID != "" {
			others := removeStage(b.Stages, id)
			if st.Position, err = stagePlace(others, in.AfterID, in.BeforeID); err != nil {
				return err
			}
		}
		if err := q.UpdateStage(ctx, st); err != nil {
			return crm.Conflict(err, apperr.NameTaken, apperr.P{"name": st.Name}, "the board has a stage named %q", st.Name)
		}
		b, err = q.GetBoard(ctx, p.TenantID, b.ID)
		return err
	})
	return b, err
}

// DeleteStage removes an empty stage. A stage with cards is refused (its
// cards are moved first, by hand or by a flow, so none is lost by
// accident), and so is a board's last stage.
func (s *Service) DeleteStage(ctx context.Context, p tenancy.Principal, id string) error {
	if err := crm.Require(p, auth.RoleAdmin); err != nil {
		return err
	}
	return s.Store.Tx(ctx, func(q store.Queries) error {
		// Locked, so no card is created in or moved into it meanwhile.
		st, err := q.LockStage(ctx, p.TenantID, id)
		if err != nil {
			return crm.NotFound(err, "stage")
		}
		b, err := q.GetBoard(ctx, p.TenantID, st.BoardID)
		if err != nil {
			return err
		}
		if len(b.Stages) <= 1 {
			return apperr.New(apperr.Conflict, "%q is the board's only stage: a board keeps at least one", st.Name).
				Because(apperr.LastStage, apperr.P{"stage": st.Name})
		}
		cards, _, err := q.ListCards(ctx, p.TenantID, store.CardFilter{BoardID: b.ID, StageID: id, Page: store.Page{Limit: 1}})
		if err != nil {
			return err
		}
		if len(cards) > 0 {
			return apperr.New(apperr.Conflict, "the stage %q still has cards: move them to another stage first", st.Name).
				Because(apperr.StageHasCards, apperr.P{"stage": st.Name})
		}
		return q.DeleteStage(ctx, p.TenantID, id)
	})
}

func removeStage(stages []store.Stage, id string) []store.Stage {
	out := make([]store.Stage, 0, len(stages))
	for _, st := range stages {
		if st.ID != id {
			out = append(out, st)
		}
	}
	return out
}

// stagePlace is a position right after the stage afterID, right before
// beforeID, or (with neither) after the last stage.
func stagePlace(stages []store.Stage, afterID, beforeID string) (string, error) {
	lo, hi := "", ""
	switch {
	case afterID != "":
		i := indexOf(stages, afterID)
		if i < 0 {
			return "", apperr.Fields("unknown stage", map[string]string{"after_id": "is not another stage of this board"})
		}
		lo = stages[i].Position
		if i+1 < len(stages) {
			hi = stages[i+1].Position
		}
	case beforeID != "":
		i := indexOf(stages, beforeID)
		if i < 0 {
			return "", apperr.Fields("unknown stage", map[string]string{"before_id": "is not another stage of this board"})
		}
		hi = stages[i].Position
		if i > 0 {
			lo = stages[i-1].Position
		}
	case len(stages) > 0:
		lo = stages[len(stages)-1].Position
	}
	return rank.Between(lo, hi)
}
