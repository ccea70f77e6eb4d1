package contacts

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// plan is what an import will write: new contacts, and existing ones with
// the file's values merged in (plus the tags they gain).
type plan struct {
	creates []store.Contact
	updates []store.Contact
	newTags map[string][]string // existing contact ID → tags to add
}

// matcher finds which contact (existing or earlier in the file) a row is,
// by any of its addresses.
type matcher struct {
	byKey map[string]string // "p:+55…" → contact ID
}

func keys(id store.Identity) []string {
	var out []string
	for _, k := range [][2]string{{"b:", id.BSUID}, {"w:", id.WhatsAppID}, {"p:", id.Phone}, {"u:", id.Username}, {"e:", id.Email}} {
		if k[1] != "" {
			out = append(out, k[0]+k[1])
		}
	}
	return out
}

// match returns the one contact the row's addresses point at, or an error
// when they point at two different contacts.
func (m matcher) match(id store.Identity) (string, error) {
	found := ""
	for _, k := range keys(id) {
		other, ok := m.byKey[k]
		if ok && found != "" && other != found {
			return "", rowError{RowTwoContacts, apperr.P{"first": found, "second": other},
				fmt.Sprintf("its addresses belong to two different contacts (%s and %s)", found, other)}
		}
		if ok {
			found = other
		}
	}
	return found, nil
}

func (m matcher) add(id string, ident store.Identity) {
	for _, k := range keys(ident) {
		m.byKey[k] = id
	}
}

// makePlan de-duplicates rows against the tenant's contacts and against
// each other (a later row merges into the earlier one). Read only.
func (s *Service) makePlan(ctx context.Context, tenantID string, rows []Row) (plan, []RowError, error) {
	idents, err := s.Store.ContactIdentities(ctx, tenantID)
	if err != nil {
		return plan{}, nil, err
	}
	m := matcher{byKey: make(map[string]string, len(idents)*2)}
	for _, ci := range idents {
		m.add(ci.ID, ci.Identity)
	}
	b := planBuilder{s: s, tenantID: tenantID, m: m, created: map[string]int{}, updated: map[string]int{},
		p: plan{newTags: map[string][]string{}}, owners: map[string]bool{}}
	var problems []RowError
	for _, r := range rows {
		if err := b.addRow(ctx, r); err != nil {
			if rerr, ok := err.(rowError); ok {
				problems = append(problems, RowError{Row: r.Line, Reason: rerr.reason, Params: rerr.params, Message: rerr.message})
				continue
			}
			return plan{}, nil, err
		}
	}
	return b.p, problems, nil
}

// rowError is a row the plan cannot take: RowError's reason, params and message.
type rowError struct {
	reason  string
	params  apperr.P
	message string
}

func (e rowError) Error() string { return e.message }

type planBuilder struct {
	s        *Service
	tenantID string
	m        matcher
	p        plan
	created  map[string]int // contact ID → index in p.creates
	updated  map[string]int // contact ID → index in p.updates
	owners   map[string]bool
}

func (b *planBuilder) addRow(ctx context.Context, r Row) error {
	if o := r.Contact.OwnerID; o != "" {
		if _, known := b.owners[o]; !known {
			b.owners[o] = checkOwner(ctx, b.s.Store, b.tenantID, o) == nil
		}
		if !b.owners[o] {
			return rowError{RowOwnerNotMember, nil, "owner_id is not a member of this workspace"}
		}
	}
	id, err := b.m.match(r.Contact.Identity())
	if err != nil {
		return err
	}
	if i, ok := b.created[id]; ok {
		merge(&b.p.creates[i], r.Contact)
		b.m.add(id, b.p.creates[i].Identity())
		return nil
	}
	if id != "" {
		return b.mergeExisting(ctx, id, r.Contact)
	}
	c := r.Contact
	now := b.s.Clock.Now()
	c.ID, c.TenantID, c.CreatedAt, c.UpdatedAt = ids.New("ctc"), b.tenantID, now, now
	b.created[c.ID] = len(b.p.creates)
	b.p.creates = append(b.p.creates, c)
	b.m.add(c.ID, c.Identity())
	return nil
}

func (b *planBuilder) mergeExisting(ctx context.Context, id string, row store.Contact) error {
	i, ok := b.updated[id]
	if !ok {
		c, err := b.s.Store.GetContact(ctx, b.tenantID, id)
		if err != nil {
			return err
		}
		i = len(b.p.updates)
		b.updated[id] = i
		b.p.updates = append(b.p.updates, c)
	}
	c := &b.p.updates[i]
	for _, t := range row.Tags {
		if !slices.Contains(c.Tags, t) && !slices.Contains(b.p.newTags[id], t) {
			b.p.newTags[id] = append(b.p.newTags[id], t)
		}
	}
	merge(c, row)
	c.UpdatedAt = b.s.Clock.Now()
	b.m.add(id, c.Identity())
	return nil
}

// merge copies row's non-empty values over c.
func merge(c *store.Contact, row store.Contact) {
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&c.Name, row.Name}, {&c.Phone, row.Phone}, {&c.WhatsAppID, row.WhatsAppID}, {&c.BSUID, row.BSUID},
		{&c.Username, row.Username}, {&c.Email, row.Email}, {&c.OwnerID, row.OwnerID},
		{&c.TimeZone, row.TimeZone}, {&c.Language, row.Language},
	} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
	if c.Fields == nil {
		c.Fields = map[string]any{}
	}
	maps.Copy(c.Fields, row.Fields)
	for _, t := range row.Tags {
		if !slices.Contains(c.Tags, t) {
			c.Tags = append(c.Tags, t)
		}
	}
}
