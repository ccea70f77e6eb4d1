package api

import (
	"bufio"
	"context"

	"github.com/gofiber/fiber/v3"

	"github.com/masteria/masteria/core/crm/contacts"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

func contactFilter(c fiber.Ctx) (store.ContactFilter, error) {
	pg, err := pageOf(c)
	return store.ContactFilter{Query: c.Query("q"), Tag: c.Query("tag"), OwnerID: c.Query("owner_id"), Sort: c.Query("sort"), Page: pg}, err
}

func (h *crmAPI) listContacts(c fiber.Ctx, p tenancy.Principal) error {
	f, err := contactFilter(c)
	if err != nil {
		return err
	}
	items, next, err := h.contacts.List(c.Context(), p, f)
	return paged(c, items, next, err)
}

func (h *crmAPI) createContact(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in contacts.Input) error {
		v, err := h.contacts.Create(c.Context(), p, in)
		return rendered(c, 201, v, err)
	})
}

func (h *crmAPI) getContact(c fiber.Ctx, p tenancy.Principal) error {
	v, err := h.contacts.Get(c.Context(), p, c.Params("id"))
	return rendered(c, 200, v, err)
}

func (h *crmAPI) updateContact(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in contacts.Input) error {
		v, err := h.contacts.Update(c.Context(), p, c.Params("id"), in)
		return rendered(c, 200, v, err)
	})
}

func (h *crmAPI) eraseContact(c fiber.Ctx, p tenancy.Principal) error {
	return done(c, h.contacts.Erase(c.Context(), p, c.Params("id")))
}

func (h *crmAPI) exportContact(c fiber.Ctx, p tenancy.Principal) error {
	v, err := h.contacts.Export(c.Context(), p, c.Params("id"))
	if err == nil {
		c.Set(fiber.HeaderContentDisposition, `attachment; filename="contact-`+v.Contact.ID+`.json"`)
	}
	return rendered(c, 200, v, err)
}

func (h *crmAPI) tagContact(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in tagBody) error {
		v, err := h.contacts.Tag(c.Context(), p, c.Params("id"), in.Tag)
		return rendered(c, 200, v, err)
	})
}

func (h *crmAPI) untagContact(c fiber.Ctx, p tenancy.Principal) error {
	v, err := h.contacts.Untag(c.Context(), p, c.Params("id"), c.Params("tag"))
	return rendered(c, 200, v, err)
}

func (h *crmAPI) listNotes(c fiber.Ctx, p tenancy.Principal) error {
	items, err := h.contacts.ListNotes(c.Context(), p, c.Params("id"))
	return listed(c, items, err)
}

func (h *crmAPI) addNote(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in noteBody) error {
		v, err := h.contacts.AddNote(c.Context(), p, c.Params("id"), in.Body)
		return rendered(c, 201, v, err)
	})
}

func (h *crmAPI) listConsents(c fiber.Ctx, p tenancy.Principal) error {
	items, err := h.contacts.ListConsents(c.Context(), p, c.Params("id"))
	return listed(c, items, err)
}

func (h *crmAPI) recordConsent(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in contacts.ConsentInput) error {
		v, err := h.contacts.Consent(c.Context(), p, c.Params("id"), in)
		return rendered(c, 201, v, err)
	})
}

func (h *crmAPI) listFields(c fiber.Ctx, p tenancy.Principal) error {
	items, err := h.contacts.ListFields(c.Context(), p)
	return listed(c, items, err)
}

func (h *crmAPI) putField(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in contacts.FieldInput) error {
		v, err := h.contacts.PutField(c.Context(), p, in)
		return rendered(c, 200, v, err)
	})
}

func (h *crmAPI) deleteField(c fiber.Ctx, p tenancy.Principal) error {
	return done(c, h.contacts.DeleteField(c.Context(), p, c.Params("id")))
}

func (h *crmAPI) startImport(c fiber.Ctx, p tenancy.Principal) error {
	return withBody(c, func(in contacts.ImportRequest) error {
		v, err := h.contacts.StartImport(c.Context(), p, in)
		return rendered(c, 202, v, err)
	})
}

func (h *crmAPI) getImport(c fiber.Ctx, p tenancy.Principal) error {
	v, err := h.contacts.GetImport(c.Context(), p, c.Params("id"))
	return rendered(c, 200, v, err)
}

// exportCSV streams the CSV; an error after the first byte ends the body
// early (the status is already sent), so the tenant is checked first.
func (h *crmAPI) exportCSV(c fiber.Ctx, p tenancy.Principal) error {
	f, err := contactFilter(c)
	if err != nil {
		return err
	}
	if _, _, err := h.contacts.List(c.Context(), p, store.ContactFilter{Query: f.Query, Tag: f.Tag, OwnerID: f.OwnerID, Sort: f.Sort, Page: store.Page{Limit: 1}}); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="contacts.csv"`)
	return c.SendStreamWriter(func(w *bufio.Writer) {
		ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
		defer cancel()
		if err := h.contacts.ExportCSV(ctx, p, f, w); err != nil {
			h.Log.Warn("contact export ended early", "tenant", p.TenantID, "err", err)
		}
	})
}
