package contacts

import (
	"context"
	"errors"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// Create adds a contact. An address another contact already holds is a
// conflict naming that contact, never a second identity for one person.
func (s *Service) Create(ctx context.Context, p tenancy.Principal, in Input) (store.Contact, error) {
	if err := crm.Require(p, write); err != nil {
		return store.Contact{}, err
	}
	now := s.Clock.Now()
	c := store.Contact{ID: ids.New("ctc"), TenantID: p.TenantID, Fields: map[string]any{}, CreatedAt: now, UpdatedAt: now}
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		if err := s.prepare(ctx, q, &c, in); err != nil {
			return err
		}
		tags, problem := normTags(in.Tags)
		if problem.Text != "" {
			return apperr.Fields("the contact cannot be saved", map[string]apperr.Field{"tags": problem}).Because(apperr.ContactInvalid, nil)
		}
		c.Tags = tags
		if err := s.unique(ctx, q, c); err != nil {
			return err
		}
		if err := q.CreateContact(ctx, c); err != nil {
			return crm.Conflict(err, apperr.AddressTaken, nil, "another contact already has one of these addresses")
		}
		return crm.Emit(ctx, q, p.TenantID, bus.EventContactCreated, map[string]any{"contact": c, "contact_id": c.ID})
	})
	return c, err
}

// Update changes the fields given in in.
func (s *Service) Update(ctx context.Context, p tenancy.Principal, id string, in Input) (store.Contact, error) {
	if err := crm.Require(p, write); err != nil {
		return store.Contact{}, err
	}
	var c store.Contact
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		var err error
		if c, err = q.GetContact(ctx, p.TenantID, id); err != nil {
			return crm.NotFound(err, "contact")
		}
		before := c.Identity()
		if err := s.prepare(ctx, q, &c, in); err != nil {
			return err
		}
		if c.Identity() != before {
			if err := s.unique(ctx, q, c); err != nil {
				return err
			}
		}
		c.UpdatedAt = s.Clock.Now()
		if err := q.UpdateContact(ctx, c); err != nil {
			return crm.Conflict(err, apperr.AddressTaken, nil, "another contact already has one of these addresses")
		}
		return crm.Emit(ctx, q, p.TenantID, bus.EventContactUpdated, map[string]any{"contact": c, "contact_id": c.ID})
	})
	return c, err
}

// prepare applies in to c, checking every field and the owner at once.
func (s *Service) prepare(ctx context.Context, q store.Queries, c *store.Contact, in Input) error {
	defs, err := q.ListFieldDefs(ctx, c.TenantID)
	if err != nil {
		return err
	}
	bad, _ := apply(c, in, defs)
	for k, v := range checkOwner(ctx, q, c.TenantID, c.OwnerID) {
		bad[k] = v
	}
	if len(bad) > 0 {
		return apperr.Fields("the contact cannot be saved", bad).Because(apperr.ContactInvalid, nil)
	}
	return nil
}

// unique fails when another contact holds one of c's addresses.
func (s *Service) unique(ctx context.Context, q store.Queries, c store.Contact) error {
	id := c.Identity()
	for _, one := range []store.Identity{{Phone: id.Phone}, {WhatsAppID: id.WhatsAppID}, {BSUID: id.BSUID}, {Username: id.Username}, {Email: id.Email}} {
		if one == (store.Identity{}) {
			continue
		}
		other, err := q.FindContact(ctx, c.TenantID, one)
		if err == nil && other.ID != c.ID {
			return &apperr.Error{Code: apperr.Conflict, Message: "contact " + other.ID + " already has this address",
				Fields: map[string]string{"contact_id": other.ID}, Reason: apperr.AddressTaken, Params: apperr.P{"contact_id": other.ID}}
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	return nil
}

// Erase deletes a contact with everything about them: conversations,
// messages (and so the links to their media), notes, consents and cards.
// The LGPD right to erasure; the event carries only the ID.
func (s *Service) Erase(ctx context.Context, p tenancy.Principal, id string) error {
	if err := crm.Require(p, write); err != nil {
		return err
	}
	var blobIDs []string
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		var err error
		if blobIDs, err = eraseBlobRecords(ctx, q, p.TenantID, id); err != nil {
			return err
		}
		if err := q.DeleteContact(ctx, p.TenantID, id); err != nil {
			return crm.NotFound(err, "contact")
		}
		return crm.Emit(ctx, q, p.TenantID, bus.EventContactErased, map[string]any{"contact_id": id, "by": p.Actor()})
	})
	if err != nil || s.Files == nil {
		return err
	}
	return s.Files.RemoveFiles(p.TenantID, blobIDs)
}

// eraseBlobRecords deletes the records of the blobs the contact's messages
// carry, in the erasing transaction, and returns their IDs so the files
// can go once it commits.
func eraseBlobRecords(ctx context.Context, q store.Queries, tenantID, contactID string) ([]string, error) {
	ids, err := q.ContactBlobIDs(ctx, tenantID, contactID)
	if err != nil {
		return nil, err
	}
	for _, b := range ids {
		if err := q.DeleteBlob(ctx, tenantID, b); err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	return ids, nil
}

// Tag adds a tag; contact.tagged fires only when the tag is new.
func (s *Service) Tag(ctx context.Context, p tenancy.Principal, id, tag string) (store.Contact, error) {
	return s.retag(ctx, p, id, tag, true)
}

// Untag removes a tag; contact.untagged fires only when it was there.
func (s *Service) Untag(ctx context.Context, p tenancy.Principal, id, tag string) (store.Contact, error) {
	return s.retag(ctx, p, id, tag, false)
}

func (s *Service) retag(ctx context.Context, p tenancy.Principal, id, tag string, add bool) (store.Contact, error) {
	if err := crm.Require(p, write); err != nil {
		return store.Contact{}, err
	}
	tags, problem := normTags([]string{tag})
	if problem.Text != "" {
		return store.Contact{}, apperr.Fields("bad tag", map[string]apperr.Field{"tag": problem})
	}
	var c store.Contact
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		var err error
		if c, err = q.GetContact(ctx, p.TenantID, id); err != nil {
			return crm.NotFound(err, "contact")
		}
		changed, typ := false, bus.EventContactUntagged
		if add {
			changed, err = q.AddTag(ctx, p.TenantID, id, tags[0])
			typ = bus.EventContactTagged
		} else {
			changed, err = q.RemoveTag(ctx, p.TenantID, id, tags[0])
		}
		if err != nil || !changed {
			return err
		}
		if c, err = q.GetContact(ctx, p.TenantID, id); err != nil {
			return err
		}
		return crm.Emit(ctx, q, p.TenantID, typ, map[string]any{"contact_id": id, "tag": tags[0], "tags": c.Tags})
	})
	return c, err
}
