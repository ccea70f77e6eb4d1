// Package kanban is the lead board: boards (pipelines) with ordered
// stages, and cards linked to contacts that move between stages. Every
// move, from the dashboard or from a flow's kanban.move step, goes through
// Move, which orders cards with fractional keys (package rank) computed
// inside the transaction while the target stage is locked, so concurrent
// moves never produce two cards at one position.
package kanban

import (
	"context"
	"fmt"
	"strings"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/crm/kanban/rank"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// Service holds the board use cases.
type Service struct {
	Store store.Store
	Clock crm.Clock
}

// New makes a Service over st.
func New(st store.Store) *Service { return &Service{Store: st} }

// MaxStages bounds a board's stages.
const MaxStages = 50

// BoardInput is a new board and its stages, in order.
type BoardInput struct {
	Name   string   `json:"name"`
	Stages []string `json:"stages"`
}

func checkName(field, name string, bad map[string]apperr.Field) string {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 80 {
		bad[field] = apperr.RequiredMax(80)
	}
	return name
}

// CreateBoard makes a board with its stages.
func (s *Service) CreateBoard(ctx context.Context, p tenancy.Principal, in BoardInput) (store.Board, error) {
	if err := crm.Require(p, auth.RoleAdmin); err != nil {
		return store.Board{}, err
	}
	bad := map[string]apperr.Field{}
	name := checkName("name", in.Name, bad)
	if len(in.Stages) == 0 || len(in.Stages) > MaxStages {
		bad["stages"] = apperr.Keyed(fmt.Sprintf("a board has 1 to %d stages", MaxStages), apperr.FieldTooManyStages, apperr.P{"max": MaxStages})
	}
	seen := map[string]bool{}
	for i, st := range in.Stages {
		if n := checkName("stages", st, bad); seen[n] {
			bad["stages"] = apperr.Keyed("stage names must differ", apperr.FieldDuplicate, apperr.P{"value": n})
		} else {
			seen[n], in.Stages[i] = true, n
		}
	}
	if len(bad) > 0 {
		return store.Board{}, apperr.Fields("the board cannot be created", bad).Because(apperr.BoardInvalid, nil)
	}
	b := store.Board{ID: ids.New("brd"), TenantID: p.TenantID, Name: name, CreatedAt: s.Clock.Now()}
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		if err := q.CreateBoard(ctx, b); err != nil {
			return crm.Conflict(err, apperr.NameTaken, apperr.P{"name": name}, "a board named %q exists", name)
		}
		pos := ""
		for _, st := range in.Stages {
			pos, _ = rank.Between(pos, "")
			if err := q.CreateStage(ctx, store.Stage{ID: ids.New("stg"), TenantID: p.TenantID, BoardID: b.ID, Name: st, Position: pos, CreatedAt: b.CreatedAt}); err != nil {
				return err
			}
		}
		var err error
		b, err = q.GetBoard(ctx, p.TenantID, b.ID)
		return err
	})
	return b, err
}

// StageInput adds a stage, after the stage AfterID (empty: at the end).
type StageInput struct {
	Name    string `json:"name"`
	AfterID string `json:"after_id,omitempty"`
}

// AddStage adds a stage to a board.
func (s *Service) AddStage(ctx context.Context, p tenancy.Principal, boardID string, in StageInput) (store.Board, error) {
	if err := crm.Require(p, auth.RoleAdmin); err != nil {
		return store.Board{}, err
	}
	bad := map[string]apperr.Field{}
	name := checkName("name", in.Name, bad)
	if len(bad) > 0 {
		return store.Board{}, apperr.Fields("the stage cannot be added", bad).Because(apperr.StageInvalid, nil)
	}
	var b store.Board
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		var err error
		if b, err = q.GetBoard(ctx, p.TenantID, boardID); err != nil {
			return crm.NotFound(err, "board")
		}
		if len(b.Stages) >= MaxStages {
			return apperr.Fields("the stage cannot be added", map[string]apperr.Field{"name": apperr.Keyed(fmt.Sprintf("a board has at most %d stages", MaxStages), apperr.FieldTooManyStages, apperr.P{"max": MaxStages})}).
				Because(apperr.StageInvalid, nil)
		}
		pos, err := stagePlace(b.Stages, in.AfterID, "")
		if err != nil {
			return err
		}
		st := store.Stage{ID: ids.New("stg"), TenantID: p.TenantID, BoardID: b.ID, Name: name, Position: pos, CreatedAt: s.Clock.Now()}
		if err := q.CreateStage(ctx, st); err != nil {
			return crm.Conflict(err, apperr.NameTaken, apperr.P{"name": name}, "the board has a stage named %q", name)
		}
		b, err = q.GetBoard(ctx, p.TenantID, b.ID)
		return err
	})
	return b, err
}

func indexOf(stages []store.Stage, id string) int {
	for i, st := range stages {
		if st.ID == id {
			return i
		}
	}
	return -1
}

// ListBoards lists the tenant's boards with their stages.
func (s *Service) ListBoards(ctx context.Context, p tenancy.Principal) ([]store.Board, error) {
	return s.Store.ListBoards(ctx, p.TenantID)
}

// GetBoard returns a board with its stages.
func (s *Service) GetBoard(ctx context.Context, p tenancy.Principal, id string) (store.Board, error) {
	b, err := s.Store.GetBoard(ctx, p.TenantID, id)
	return b, crm.NotFound(err, "board")
}

// DeleteBoard removes a board with its stages and cards.
func (s *Service) DeleteBoard(ctx context.Context, p tenancy.Principal, id string) error {
	if err := crm.Require(p, auth.RoleAdmin); err != nil {
		return err
	}
	return crm.NotFound(s.Store.DeleteBoard(ctx, p.TenantID, id), "board")
}
