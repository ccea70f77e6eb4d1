package kanban

import (
	"context"
	"errors"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/crm/kanban/rank"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// MoveRequest says which card goes where. Name the card by CardID, or by
// ContactID and Board: then the contact's most recently updated card on
// that board moves, and one is created (titled with the contact's name)
// when it has none — what a flow's kanban.move step does.
type MoveRequest struct {
	CardID    string `json:"card_id,omitempty"`
	ContactID string `json:"contact_id,omitempty"`
	Board     string `json:"board,omitempty"` // board ID or name
	// Stage is the target stage's ID or name (on the card's board).
	Stage string `json:"stage"`
	// AfterID and BeforeID are the cards the moved card should follow or
	// precede in the stage; with neither it goes to the end.
	AfterID  string `json:"after_id,omitempty"`
	BeforeID string `json:"before_id,omitempty"`
	Actor    string `json:"-"` // who moves it: tenancy.Principal.Actor (a flow's step moves as the system)
}

// Moved is a move's result.
type Moved struct {
	Card      store.Card  `json:"card"`
	From      store.Stage `json:"from_stage"`
	To        store.Stage `json:"to_stage"`
	BoardName string      `json:"board"`
	Created   bool        `json:"created"`
}

// Move moves a card in one transaction: it locks the target stage,
// places the card between its new neighbours with a fresh fractional key,
// records the card's history and emits kanban.card.moved. It is the one
// move of the platform: the API and the flow engine both call it.
func Move(ctx context.Context, st store.Store, tenantID string, req MoveRequest, now time.Time) (Moved, error) {
	var out Moved
	err := st.Tx(ctx, func(q store.Queries) error {
		var err error
		out, err = move(ctx, q, tenantID, req, now)
		return err
	})
	return out, err
}

func move(ctx context.Context, q store.Queries, tenantID string, req MoveRequest, now time.Time) (Moved, error) {
	card, board, created, err := findCard(ctx, q, tenantID, req, now)
	if err != nil {
		return Moved{}, err
	}
	to, err := stageOf(board, req.Stage)
	if err != nil {
		return Moved{}, err
	}
	from, _ := stageOf(board, card.StageID)
	if to, err = q.LockStage(ctx, tenantID, to.ID); err != nil {
		return Moved{}, err
	}
	pos, err := slot(ctx, q, tenantID, to.ID, card.ID, req.AfterID, req.BeforeID)
	if err != nil {
		return Moved{}, err
	}
	card.StageID, card.Position, card.UpdatedAt = to.ID, pos, now
	if created {
		from = store.Stage{}
		err = q.CreateCard(ctx, card)
	} else {
		err = q.UpdateCard(ctx, card)
	}
	if err != nil {
		return Moved{}, err
	}
	out := Moved{Card: card, From: from, To: to, BoardName: board.Name, Created: created}
	return out, record(ctx, q, out, req.Actor, now)
}

// findCard loads the card to move, or makes (without storing) the
// contact's new card.
func findCard(ctx context.Context, q store.Queries, tenantID string, req MoveRequest, now time.Time) (store.Card, store.Board, bool, error) {
	if req.CardID != "" {
		c, err := q.GetCard(ctx, tenantID, req.CardID)
		if err != nil {
			return c, store.Board{}, false, crm.NotFound(err, "card")
		}
		b, err := q.GetBoard(ctx, tenantID, c.BoardID)
		return c, b, false, err
	}
	b, err := boardOf(ctx, q, tenantID, req.Board)
	if err != nil || req.ContactID == "" {
		if err == nil {
			err = apperr.Fields("nothing to move", map[string]string{"card_id": "give a card, or a contact and a board"})
		}
		return store.Card{}, b, false, err
	}
	c, err := q.LatestCardOfContact(ctx, tenantID, b.ID, req.ContactID)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return c, b, false, err
	}
	contact, err := q.GetContact(ctx, tenantID, req.ContactID)
	if err != nil {
		return c, b, false, crm.NotFound(err, "contact")
	}
	c = store.Card{ID: ids.New("crd"), TenantID: tenantID, BoardID: b.ID, ContactID: contact.ID, Title: titleFor(contact), CreatedAt: now}
	return c, b, true, nil
}

func titleFor(c store.Contact) string {
	for _, t := range []string{c.Name, c.Phone, c.Email, c.Username} {
		if t != "" {
			return t
		}
	}
	return "Contato"
}

func boardOf(ctx context.Context, q store.Queries, tenantID, idOrName string) (store.Board, error) {
	b, err := q.GetBoard(ctx, tenantID, idOrName)
	if errors.Is(err, store.ErrNotFound) {
		b, err = q.BoardByName(ctx, tenantID, idOrName)
	}
	return b, crm.NotFound(err, "board")
}

func stageOf(b store.Board, idOrName string) (store.Stage, error) {
	for _, st := range b.Stages {
		if st.ID == idOrName || st.Name == idOrName {
			return st, nil
		}
	}
	return store.Stage{}, apperr.Fields("unknown stage", map[string]apperr.Field{"stage": apperr.Keyed("is not a stage of board "+b.Name, apperr.FieldUnknownStage, apperr.P{"board": b.Name})})
}

// slot is a position in stage after the card afterID, before the card
// beforeID, or at the end; cardID (the moving card) is not a neighbour.
func slot(ctx context.Context, q store.Queries, tenantID, stageID, cardID, afterID, beforeID string) (string, error) {
	var lo, hi string
	var err error
	switch {
	case afterID != "":
		n, err := neighbour(ctx, q, tenantID, stageID, cardID, afterID, "after_id")
		if err != nil {
			return "", err
		}
		lo = n.Position
		hi, err = q.CardPositionAfter(ctx, tenantID, stageID, n.Position, n.ID, cardID)
		if err != nil {
			return "", err
		}
	case beforeID != "":
		n, err := neighbour(ctx, q, tenantID, stageID, cardID, beforeID, "before_id")
		if err != nil {
			return "", err
		}
		hi = n.Position
		lo, err = q.CardPositionBefore(ctx, tenantID, stageID, n.Position, n.ID, cardID)
		if err != nil {
			return "", err
		}
	default:
		if lo, err = q.CardPositionBefore(ctx, tenantID, stageID, "", "", cardID); err != nil {
			return "", err
		}
	}
	return rank.Between(lo, hi)
}

func neighbour(ctx context.Context, q store.Queries, tenantID, stageID, cardID, id, field string) (store.Card, error) {
	n, err := q.GetCard(ctx, tenantID, id)
	if err != nil || n.StageID != stageID || n.ID == cardID {
		return n, apperr.Fields("bad neighbour", map[string]string{field: "must be another card of the target stage"})
	}
	return n, nil
}

// record writes the card's history and the kanban.card.moved event.
func record(ctx context.Context, q store.Queries, m Moved, actor string, now time.Time) error {
	kind := "moved"
	if m.Created {
		kind = "created"
	}
	err := q.AddCardEvent(ctx, store.CardEvent{ID: ids.New("cev"), TenantID: m.Card.TenantID, CardID: m.Card.ID, Kind: kind,
		FromStage: m.From.Name, ToStage: m.To.Name, Actor: actor, CreatedAt: now})
	if err != nil {
		return err
	}
	if m.Created {
		if err := crm.Emit(ctx, q, m.Card.TenantID, bus.EventKanbanCardCreated, map[string]any{"card": m.Card, "contact_id": m.Card.ContactID, "by": actor}); err != nil {
			return err
		}
	}
	return crm.Emit(ctx, q, m.Card.TenantID, bus.EventKanbanCardMoved, map[string]any{
		"card": m.Card, "card_id": m.Card.ID, "contact_id": m.Card.ContactID, "board_id": m.Card.BoardID, "board": m.BoardName,
		"from_stage_id": m.From.ID, "from_stage": m.From.Name, "to_stage_id": m.To.ID, "to_stage": m.To.Name,
		"stage": m.To.Name, "by": actor}) // board and stage are what kanban.card.moved triggers filter on
}
