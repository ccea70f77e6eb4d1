package api

import (
	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/crm/kanban"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

func (h *crmAPI) listBoards(c fiber.Ctx, p tenancy.Principal) error {
	items, err := h.kanban.ListBoards(c.Context(), p)
	return listed(c, items, err)
}

func (h *crmAPI) createBoard(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in kanban.BoardInput) error {
		v, err := h.kanban.CreateBoard(c.Context(), p, in)
		return rendered(c, 201, v, err)
	})
}

func (h *crmAPI) getBoard(c fiber.Ctx, p tenancy.Principal) error {
	v, err := h.kanban.GetBoard(c.Context(), p, c.Params("id"))
	return rendered(c, 200, v, err)
}

func (h *crmAPI) deleteBoard(c fiber.Ctx, p tenancy.Principal) error {
	return done(c, h.kanban.DeleteBoard(c.Context(), p, c.Params("id")))
}

func (h *crmAPI) addStage(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in kanban.StageInput) error {
		v, err := h.kanban.AddStage(c.Context(), p, c.Params("id"), in)
		return rendered(c, 201, v, err)
	})
}

func (h *crmAPI) updateStage(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in kanban.StagePatch) error {
		v, err := h.kanban.UpdateStage(c.Context(), p, c.Params("id"), in)
		return rendered(c, 200, v, err)
	})
}

func (h *crmAPI) deleteStage(c fiber.Ctx, p tenancy.Principal) error {
	return done(c, h.kanban.DeleteStage(c.Context(), p, c.Params("id")))
}

func (h *crmAPI) listCards(c fiber.Ctx, p tenancy.Principal) error {
	pg, err := pageOf(c)
	if err != nil {
		return err
	}
	board, err := h.kanban.GetBoard(c.Context(), p, c.Params("id"))
	if err != nil {
		return err
	}
	f := store.CardFilter{BoardID: board.ID, StageID: c.Query("stage_id"), ContactID: c.Query("contact_id"), Page: pg}
	items, next, err := h.kanban.ListCards(c.Context(), p, f)
	return paged(c, items, next, err)
}

func (h *crmAPI) createCard(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in kanban.CardInput) error {
		v, err := h.kanban.CreateCard(c.Context(), p, in)
		return rendered(c, 201, v, err)
	})
}

func (h *crmAPI) getCard(c fiber.Ctx, p tenancy.Principal) error {
	v, err := h.kanban.GetCard(c.Context(), p, c.Params("id"))
	return rendered(c, 200, v, err)
}

func (h *crmAPI) updateCard(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in kanban.CardInput) error {
		v, err := h.kanban.UpdateCard(c.Context(), p, c.Params("id"), in)
		return rendered(c, 200, v, err)
	})
}

func (h *crmAPI) deleteCard(c fiber.Ctx, p tenancy.Principal) error {
	return done(c, h.kanban.DeleteCard(c.Context(), p, c.Params("id")))
}

func (h *crmAPI) moveCard(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in kanban.Placement) error {
		v, err := h.kanban.Move(c.Context(), p, c.Params("id"), in)
		return rendered(c, 200, v, err)
	})
}

func (h *crmAPI) cardHistory(c fiber.Ctx, p tenancy.Principal) error {
	items, err := h.kanban.History(c.Context(), p, c.Params("id"))
	return listed(c, items, err)
}
