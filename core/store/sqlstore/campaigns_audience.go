package sqlstore

import (
	"context"

	"github.com/masteria/masteria/core/store"
)

// AudiencePage pages contacts in ID order under the tag conditions, which
// match a contact's tags whatever their case and accents (foldTag).
func (q queries) AudiencePage(ctx context.Context, tenantID string, aq store.AudienceQuery) ([]store.Contact, error) {
	spell, err := q.tagSpellings(ctx, tenantID, aq.AllTags, aq.NoneTags, aq.AnyTags)
	if err != nil {
		return nil, err
	}
	var s sqlb
	s.add(`SELECT `, contactCols, ` FROM contacts WHERE tenant_id = `, s.arg(tenantID), ` AND id > `, s.arg(aq.After))
	for _, tag := range aq.AllTags {
		s.add(` AND `, hasTag(&s, spell[tag]))
	}
	for _, tag := range aq.NoneTags {
		s.add(` AND NOT `, hasTag(&s, spell[tag]))
	}
	if len(aq.AnyTags) > 0 {
		var any []string
		for _, tag := range aq.AnyTags {
			any = append(any, spell[tag]...)
		}
		s.add(` AND `, hasTag(&s, any))
	}
	s.add(` ORDER BY id LIMIT `, s.arg(limit(aq.Limit, 500, 5000)))
	r, err := q.c.query(ctx, s.String(), s.args...)
	items, err := collect(r, err, func(r rows) (store.Contact, error) { return scanContact(r) })
	if err != nil {
		return nil, err
	}
	return items, q.pageTags(ctx, tenantID, aq.After, items)
}

// hasTag is the condition that the contact has one of the tags.
func hasTag(s *sqlb, tags []string) string {
	return `EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = contacts.id AND t.tag IN (` + s.placeholders(tags) + `))`
}

// pageTags loads the tags of an ID-ordered page with one range scan.
func (q queries) pageTags(ctx context.Context, tenantID, after string, items []store.Contact) error {
	if len(items) == 0 {
		return nil
	}
	byID := make(map[string]*store.Contact, len(items))
	for i := range items {
		byID[items[i].ID] = &items[i]
	}
	r, err := q.c.query(ctx, `SELECT contact_id, tag FROM contact_tags WHERE contact_id > $1 AND contact_id <= $2
		AND tenant_id = $3 ORDER BY contact_id, tag`, after, items[len(items)-1].ID, tenantID)
	pairs, err := collect(r, err, func(r rows) ([2]string, error) {
		var p [2]string
		return p, r.Scan(&p[0], &p[1])
	})
	for _, p := range pairs {
		if c := byID[p[0]]; c != nil {
			c.Tags = append(c.Tags, p[1])
		}
	}
	return err
}

// OptedOut applies ContactReachable's rule to many contacts: a contact is
// out when its latest record for any consent channel of the scope's chain
// (the channel, or the part of one, and "all") is an opt-out.
func (q queries) OptedOut(ctx context.Context, tenantID, channel string, contactIDs []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(contactIDs) == 0 {
		return out, nil
	}
	s := newBulk(q.dialect)
	s.add(`SELECT contact_id, channel, status FROM consents WHERE tenant_id = `, s.arg(tenantID),
		` AND channel IN (`, s.list(stringsAsAny(store.ConsentChain(channel))...), `) AND contact_id IN (`, s.list(stringsAsAny(contactIDs)...),
		`) ORDER BY contact_id, channel, created_at DESC, id DESC`)
	r, err := q.c.query(ctx, s.String(), s.args...)
	recs, err := collect(r, err, func(r rows) ([3]string, error) {
		var x [3]string
		return x, r.Scan(&x[0], &x[1], &x[2])
	})
	seen := map[[2]string]bool{}
	for _, x := range recs {
		key := [2]string{x[0], x[1]}
		if seen[key] {
			continue // only the latest record per contact and channel counts
		}
		seen[key] = true
		if x[2] == "opt_out" {
			out[x[0]] = true
		}
	}
	return out, err
}
