package sqlstore

import (
	"context"
	"strings"
	"unicode"

	"github.com/masteria/masteria/core/store"
)

var contactSorts = map[string]keyset{
	"created_at":  {keys: []sortKey{{"created_at", true}, {"id", false}}},
	"-created_at": {keys: []sortKey{{"created_at", true}, {"id", false}}, desc: true},
	"updated_at":  {keys: []sortKey{{"updated_at", true}, {"id", false}}},
	"-updated_at": {keys: []sortKey{{"updated_at", true}, {"id", false}}, desc: true},
	"name":        {keys: []sortKey{{"name", false}, {"id", false}}},
	"-name":       {keys: []sortKey{{"name", false}, {"id", false}}, desc: true},
}

// ListContacts pages a tenant's contacts (default newest first).
func (q queries) ListContacts(ctx context.Context, tenantID string, f store.ContactFilter) ([]store.Contact, string, error) {
	ks, ok := contactSorts[f.Sort]
	if f.Sort == "" {
		ks, ok = contactSorts["-created_at"], true
	}
	if !ok {
		return nil, "", store.ErrBadCursor
	}
	var s sqlb
	spell, err := q.tagSpellings(ctx, tenantID, nonEmpty(f.Tag))
	if err != nil {
		return nil, "", err
	}
	s.add(`SELECT `, contactCols, ` FROM contacts WHERE tenant_id = `, s.arg(tenantID))
	contactConditions(&s, f, spell[f.Tag])
	if err := ks.where(&s, f.Cursor); err != nil {
		return nil, "", err
	}
	n := limit(f.Limit, 50, 500)
	ks.orderBy(&s, n)
	r, err := q.c.query(ctx, s.String(), s.args...)
	items, err := collect(r, err, func(r rows) (store.Contact, error) { return scanContact(r) })
	if err != nil {
		return nil, "", err
	}
	items, next := page(items, n, func(c store.Contact) []any { return contactSortValues(c, ks) })
	ptrs := make([]*store.Contact, len(items))
	for i := range items {
		ptrs[i] = &items[i]
	}
	return items, next, q.loadTags(ctx, tenantID, ptrs)
}

// contactConditions adds the filter's conditions; tagSpelled are the
// stored spellings of its tag (tagSpellings).
func contactConditions(s *sqlb, f store.ContactFilter, tagSpelled []string) {
	if q := strings.TrimSpace(f.Query); q != "" {
		p := s.arg(likePrefix(q))
		s.add(` AND (lower(name) LIKE `, p, ` ESCAPE '\' OR email LIKE `, p, ` ESCAPE '\' OR username LIKE `, p, ` ESCAPE '\'`)
		if d := digitsOf(q); len(d) >= 4 {
			s.add(` OR phone LIKE `, s.arg("%"+d+"%"))
		}
		s.add(`)`)
	}
	if f.Tag != "" {
		s.add(` AND `, hasTag(s, tagSpelled))
	}
	if f.OwnerID != "" {
		s.add(` AND owner_id = `, s.arg(f.OwnerID))
	}
}

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func contactSortValues(c store.Contact, ks keyset) []any {
	switch ks.keys[0].col {
	case "name":
		return []any{c.Name, c.ID}
	case "updated_at":
		return []any{ms(c.UpdatedAt), c.ID}
	}
	return []any{ms(c.CreatedAt), c.ID}
}

// ftsTerms splits a search into words of letters and digits (nothing a
// query syntax could read as an operator).
func ftsTerms(q string) []string {
	return strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// nonEmpty is s alone, or nothing for "".
func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
