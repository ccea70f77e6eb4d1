package kanban

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// write is the role needed to work cards.
const write = auth.RoleAgent

// CardInput is a card's editable fields. On create every field is read
// (StageID and ContactID required); on update only the ones present.
type CardInput struct {
	StageID    string     `json:"stage_id,omitempty"`
	ContactID  string     `json:"contact_id,omitempty"`
	Title      *string    `json:"title,omitempty"`
	ValueCents *int64     `json:"value_cents,omitempty"`
	Currency   *string    `json:"currency,omitempty"` // ISO 4217, e.g. BRL
	OwnerID    *string    `json:"owner_id,omitempty"`
	DueAt      *time.Time `json:"due_at,omitempty"`
	ClearDue   bool       `json:"clear_due,omitempty"`
}

var currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)

// apply checks in and writes it onto c. A due date is kept as the store
// keeps times (in too, so the card's history records what the card holds).
func (in *CardInput) apply(c *store.Card) map[string]apperr.Field {
	bad := map[string]apperr.Field{}
	if in.Title != nil {
		if t := strings.TrimSpace(*in.Title); t == "" || len(t) > 200 {
			bad["title"] = apperr.RequiredMax(200)
		} else {
			c.Title = t
		}
	}
	if in.ValueCents != nil {
		if *in.ValueCents < 0 {
			bad["value_cents"] = apperr.Keyed("must not be negative", apperr.FieldOutOfRange, apperr.P{"min": 0})
		}
		c.ValueCents = *in.ValueCents
	}
	if in.Currency != nil {
		if *in.Currency != "" && !currencyRe.MatchString(*in.Currency) {
			bad["currency"] = apperr.Text("a three-letter ISO 4217 code such as BRL")
		}
		c.Currency = *in.Currency
	}
	if in.OwnerID != nil {
		c.OwnerID = *in.OwnerID
	}
	if in.DueAt != nil {
		due := store.AsStored(*in.DueAt)
		in.DueAt, c.DueAt = &due, &due
	}
	if in.ClearDue {
		c.DueAt = nil
	}
	return bad
}

// CreateCard puts a new card for a contact at the end of a stage.
func (s *Service) CreateCard(ctx context.Context, p tenancy.Principal, in CardInput) (store.Card, error) {
	if err := crm.Require(p, write); err != nil {
		return store.Card{}, err
	}
	now := s.Clock.Now()
	c := store.Card{ID: ids.New("crd"), TenantID: p.TenantID, StageID: in.StageID, ContactID: in.ContactID, CreatedAt: now, UpdatedAt: now}
	bad := in.apply(&c)
	if in.Title == nil {
		bad["title"] = apperr.Required()
	}
	if err := s.checkOwner(ctx, p, c.OwnerID, bad); err != nil {
		return c, err
	}
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		stage, err := q.LockStage(ctx, p.TenantID, in.StageID)
		if err != nil {
			return unknown(err, "stage_id", "no such stage in this workspace")
		}
		c.BoardID = stage.BoardID
		if c.Position, err = slot(ctx, q, p.TenantID, stage.ID, c.ID, "", ""); err != nil {
			return err
		}
		if err := q.CreateCard(ctx, c); err != nil {
			return unknown(err, "contact_id", "no such contact in this workspace")
		}
		err = q.AddCardEvent(ctx, store.CardEvent{ID: ids.New("cev"), TenantID: p.TenantID, CardID: c.ID, Kind: "created", ToStage: stage.Name, Actor: p.Actor(), CreatedAt: now})
		if err != nil {
			return err
		}
		return crm.Emit(ctx, q, p.TenantID, bus.EventKanbanCardCreated, map[string]any{"card": c, "contact_id": c.ContactID, "by": p.Actor()})
	})
	return c, err
}

// unknown turns store.ErrNotFound for an ID the request body names into
// invalid_input on that field, as the body's other IDs (owner_id, a move's
// stage_id) are refused: not_found is for the ID in the path.
func unknown(err error, field, why string) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.Fields("the card cannot be saved", map[string]string{field: why}).Because(apperr.CardInvalid, nil)
	}
	return err
}

func (s *Service) checkOwner(ctx context.Context, p tenancy.Principal, owner string, bad map[string]apperr.Field) error {
	if owner != "" {
		if _, err := s.Store.GetMember(ctx, p.TenantID, owner); err != nil {
			bad["owner_id"] = apperr.Keyed("is not a member of this workspace", apperr.FieldNotMember, nil)
		}
	}
	if len(bad) > 0 {
		return apperr.Fields("the card cannot be saved", bad).Because(apperr.CardInvalid, nil)
	}
	return nil
}

// UpdateCard changes a card's fields (not its place: see Move).
func (s *Service) UpdateCard(ctx context.Context, p tenancy.Principal, id string, in CardInput) (store.Card, error) {
	if err := crm.Require(p, write); err != nil {
		return store.Card{}, err
	}
	var c store.Card
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		var err error
		if c, err = q.GetCard(ctx, p.TenantID, id); err != nil {
			return crm.NotFound(err, "card")
		}
		if err := s.checkOwner(ctx, p, ownerOf(in), in.apply(&c)); err != nil {
			return err
		}
		c.UpdatedAt = s.Clock.Now()
		if err := q.UpdateCard(ctx, c); err != nil {
			return err
		}
		detail, _ := json.Marshal(in)
		err = q.AddCardEvent(ctx, store.CardEvent{ID: ids.New("cev"), TenantID: p.TenantID, CardID: c.ID, Kind: "updated", Actor: p.Actor(), Detail: detail, CreatedAt: c.UpdatedAt})
		if err != nil {
			return err
		}
		return crm.Emit(ctx, q, p.TenantID, bus.EventKanbanCardUpdated, map[string]any{"card": c, "contact_id": c.ContactID, "by": p.Actor()})
	})
	return c, err
}

// ownerOf is the owner an update sets, the only one to check.
func ownerOf(in CardInput) string {
	if in.OwnerID != nil {
		return *in.OwnerID
	}
	return ""
}

// DeleteCard removes a card and its history.
func (s *Service) DeleteCard(ctx context.Context, p tenancy.Principal, id string) error {
	if err := crm.Require(p, write); err != nil {
		return err
	}
	return s.Store.Tx(ctx, func(q store.Queries) error {
		if err := q.DeleteCard(ctx, p.TenantID, id); err != nil {
			return crm.NotFound(err, "card")
		}
		return crm.Emit(ctx, q, p.TenantID, bus.EventKanbanCardDeleted, map[string]any{"card_id": id, "by": p.Actor()})
	})
}

// GetCard returns a card.
func (s *Service) GetCard(ctx context.Context, p tenancy.Principal, id string) (store.Card, error) {
	c, err := s.Store.GetCard(ctx, p.TenantID, id)
	return c, crm.NotFound(err, "card")
}

// ListCards pages cards in board order.
func (s *Service) ListCards(ctx context.Context, p tenancy.Principal, f store.CardFilter) ([]store.Card, string, error) {
	items, next, err := s.Store.ListCards(ctx, p.TenantID, f)
	return items, next, crm.BadCursor(err)
}

// History lists a card's history, oldest first.
func (s *Service) History(ctx context.Context, p tenancy.Principal, id string) ([]store.CardEvent, error) {
	if _, err := s.GetCard(ctx, p, id); err != nil {
		return nil, err
	}
	return s.Store.ListCardEvents(ctx, p.TenantID, id)
}

// Placement is where a dragged card was dropped.
type Placement struct {
	StageID  string `json:"stage_id"`
	AfterID  string `json:"after_id,omitempty"`
	BeforeID string `json:"before_id,omitempty"`
}

// Move moves a card where an agent dropped it.
func (s *Service) Move(ctx context.Context, p tenancy.Principal, id string, to Placement) (Moved, error) {
	if err := crm.Require(p, write); err != nil {
		return Moved{}, err
	}
	if to.StageID == "" {
		return Moved{}, apperr.Fields("nowhere to move", map[string]apperr.Field{"stage_id": apperr.Required()})
	}
	req := MoveRequest{CardID: id, Stage: to.StageID, AfterID: to.AfterID, BeforeID: to.BeforeID, Actor: p.Actor()}
	m, err := Move(ctx, s.Store, p.TenantID, req, s.Clock.Now())
	if e, ok := apperr.As(err); ok && e.Fields["stage"] != "" {
		// Move names its input "stage" (a flow's kanban.move gives a
		// name); the error names the field this request sent.
		moved := apperr.Fields(e.Message, map[string]string{"stage_id": e.Fields["stage"]})
		if k, ok := e.FieldReasons["stage"]; ok {
			moved.FieldReasons = map[string]apperr.FieldKey{"stage_id": k}
		}
		return m, moved
	}
	return m, err
}
