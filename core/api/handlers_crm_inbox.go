package api

import (
	"time"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/crm/inbox"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// exportTimeout bounds a streamed CSV export.
const exportTimeout = 10 * time.Minute

func (h *crmAPI) listConversations(c fiber.Ctx, p tenancy.Principal) error {
	pg, err := pageOf(c)
	if err != nil {
		return err
	}
	f := store.ConversationFilter{Status: c.Query("status"), AssigneeID: c.Query("assignee_id"), Label: c.Query("label"),
		Channel: c.Query("channel"), ContactID: c.Query("contact_id"), Handler: c.Query("handler"), Query: c.Query("q"), Sort: c.Query("sort"), Page: pg}
	items, next, err := h.inbox.List(c.Context(), p, f)
	return paged(c, items, next, err)
}

func (h *crmAPI) getConversation(c fiber.Ctx, p tenancy.Principal) error {
	v, err := h.inbox.Get(c.Context(), p, c.Params("id"))
	return rendered(c, 200, v, err)
}

func (h *crmAPI) setConversationStatus(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in statusBody) error {
		v, err := h.inbox.SetStatus(c.Context(), p, c.Params("id"), in.Status)
		return rendered(c, 200, v, err)
	})
}

func (h *crmAPI) assign(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in assignBody) error {
		if in.RoundRobin {
			v, err := h.inbox.AssignNext(c.Context(), p, c.Params("id"))
			return rendered(c, 200, v, err)
		}
		v, err := h.inbox.Assign(c.Context(), p, c.Params("id"), in.UserID)
		return rendered(c, 200, v, err)
	})
}

func (h *crmAPI) addLabel(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in labelBody) error {
		v, err := h.inbox.Label(c.Context(), p, c.Params("id"), in.Label, true)
		return rendered(c, 200, v, err)
	})
}

func (h *crmAPI) removeLabel(c fiber.Ctx, p tenancy.Principal) error {
	v, err := h.inbox.Label(c.Context(), p, c.Params("id"), c.Params("label"), false)
	return rendered(c, 200, v, err)
}

func (h *crmAPI) markRead(c fiber.Ctx, p tenancy.Principal) error {
	v, err := h.inbox.MarkRead(c.Context(), p, c.Params("id"))
	return rendered(c, 200, v, err)
}

func (h *crmAPI) handoff(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in inbox.HandoffInput) error {
		v, err := h.inbox.Handoff(c.Context(), p, c.Params("id"), in)
		return rendered(c, 200, v, err)
	})
}

func (h *crmAPI) release(c fiber.Ctx, p tenancy.Principal) error {
	v, err := h.inbox.Release(c.Context(), p, c.Params("id"))
	return rendered(c, 200, v, err)
}

func (h *crmAPI) listMessages(c fiber.Ctx, p tenancy.Principal) error {
	pg, err := pageOf(c)
	if err != nil {
		return err
	}
	items, next, err := h.inbox.Messages(c.Context(), p, c.Params("id"), pg)
	return paged(c, items, next, err)
}

func (h *crmAPI) reply(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in inbox.ReplyInput) error {
		preview, err := h.templateText(c, p, in.Template)
		if err != nil {
			return err
		}
		in.TemplateText, in.TemplateCategory = preview.text, preview.category
		v, err := h.inbox.Reply(c.Context(), p, c.Params("id"), in)
		return rendered(c, 202, v, err)
	})
}

func (h *crmAPI) react(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in inbox.ReactionInput) error {
		v, err := h.inbox.React(c.Context(), p, c.Params("id"), c.Params("message_id"), in)
		return rendered(c, 202, v, err)
	})
}

func (h *crmAPI) addConversationNote(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in textBody) error {
		v, err := h.inbox.AddNote(c.Context(), p, c.Params("id"), in.Text)
		return rendered(c, 201, v, err)
	})
}

func (h *crmAPI) searchMessages(c fiber.Ctx, p tenancy.Principal) error {
	pg, err := pageOf(c)
	if err != nil {
		return err
	}
	items, next, err := h.inbox.Search(c.Context(), p, c.Query("q"), c.Query("conversation_id"), pg)
	return paged(c, items, next, err)
}

func (h *crmAPI) setPresence(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in presenceBody) error {
		return done(c, h.inbox.SetPresence(c.Context(), p, in.Online))
	})
}

func (h *crmAPI) listCanned(c fiber.Ctx, p tenancy.Principal) error {
	items, err := h.inbox.ListCanned(c.Context(), p, c.Query("q"))
	return listed(c, items, err)
}

func (h *crmAPI) createCanned(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in inbox.CannedInput) error {
		v, err := h.inbox.CreateCanned(c.Context(), p, in)
		return rendered(c, 201, v, err)
	})
}

func (h *crmAPI) updateCanned(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in inbox.CannedInput) error {
		v, err := h.inbox.UpdateCanned(c.Context(), p, c.Params("id"), in)
		return rendered(c, 200, v, err)
	})
}

func (h *crmAPI) deleteCanned(c fiber.Ctx, p tenancy.Principal) error {
	return done(c, h.inbox.DeleteCanned(c.Context(), p, c.Params("id")))
}
