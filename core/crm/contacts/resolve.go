package contacts

import (
	"context"
	"errors"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// Resolve finds the contact holding any of seen's addresses, or creates
// it, inside the caller's transaction. A found contact learns the
// addresses it lacked (unless another contact holds them) and a name if it
// had none. It is how inbound messages become contacts. Run it under
// crm.Retry: two first messages of one new person may race to create them.
func Resolve(ctx context.Context, q store.Queries, tenantID string, seen store.Contact) (store.Contact, bool, error) {
	c, err := q.FindContact(ctx, tenantID, seen.Identity())
	if errors.Is(err, store.ErrNotFound) {
		seen.ID, seen.TenantID = ids.New("ctc"), tenantID
		if seen.Fields == nil {
			seen.Fields = map[string]any{}
		}
		seen.Tags = []string{}
		if err := q.CreateContact(ctx, seen); err != nil {
			return seen, false, err
		}
		return seen, true, crm.Emit(ctx, q, tenantID, bus.EventContactCreated, map[string]any{"contact": seen, "contact_id": seen.ID})
	}
	if err != nil {
		return c, false, err
	}
	changed, err := link(ctx, q, &c, seen)
	if err != nil || !changed {
		return c, false, err
	}
	c.UpdatedAt = seen.UpdatedAt
	if err := q.UpdateContact(ctx, c); err != nil {
		return c, false, err
	}
	return c, false, crm.Emit(ctx, q, tenantID, bus.EventContactUpdated, map[string]any{"contact": c, "contact_id": c.ID})
}

// Covers reports whether c holds every address seen shows, and a name if
// seen has one: Resolve, having found c for seen, would change nothing.
func Covers(c, seen store.Contact) bool {
	for _, f := range [][2]string{{c.Phone, seen.Phone}, {c.WhatsAppID, seen.WhatsAppID}, {c.BSUID, seen.BSUID},
		{c.Username, seen.Username}, {c.Email, seen.Email}} {
		if f[0] == "" && f[1] != "" {
			return false
		}
	}
	return c.Name != "" || seen.Name == ""
}

// link copies the addresses c lacks from seen, skipping any another
// contact holds.
func link(ctx context.Context, q store.Queries, c *store.Contact, seen store.Contact) (bool, error) {
	changed := false
	for _, f := range []struct {
		dst *string
		val string
		id  store.Identity
	}{
		{&c.Phone, seen.Phone, store.Identity{Phone: seen.Phone}},
		{&c.WhatsAppID, seen.WhatsAppID, store.Identity{WhatsAppID: seen.WhatsAppID}},
		{&c.BSUID, seen.BSUID, store.Identity{BSUID: seen.BSUID}},
		{&c.Username, seen.Username, store.Identity{Username: seen.Username}},
		{&c.Email, seen.Email, store.Identity{Email: seen.Email}},
	} {
		if f.val == "" || *f.dst != "" {
			continue
		}
		if _, err := q.FindContact(ctx, c.TenantID, f.id); !errors.Is(err, store.ErrNotFound) {
			if err != nil {
				return false, err
			}
			continue
		}
		*f.dst, changed = f.val, true
	}
	if c.Name == "" && seen.Name != "" {
		c.Name, changed = seen.Name, true
	}
	return changed, nil
}
