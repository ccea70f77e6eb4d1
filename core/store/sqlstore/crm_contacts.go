package sqlstore

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/masteria/masteria/core/store"
)

// contactCols are the columns a contact is read from; writes add
// name_folded, the name as the search by contact compares it (foldName).
const contactCols = `id, tenant_id, name, phone, whatsapp_id, bsuid, username, email, owner_id,
	time_zone, language, fields, created_at, updated_at`

// contactArgs are c's values in contactCols order.
func contactArgs(c store.Contact) []any {
	fields, _ := json.Marshal(orEmpty(c.Fields))
	return []any{c.ID, c.TenantID, c.Name, nullable(c.Phone), nullable(c.WhatsAppID), nullable(c.BSUID),
		nullable(c.Username), nullable(c.Email), c.OwnerID, c.TimeZone, c.Language, string(fields),
		ms(c.CreatedAt), ms(c.UpdatedAt)}
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func scanContact(r row) (store.Contact, error) {
	var c store.Contact
	var phone, wa, bsuid, user, email *string
	var fields string
	var created, updated int64
	err := r.Scan(&c.ID, &c.TenantID, &c.Name, &phone, &wa, &bsuid, &user, &email, &c.OwnerID,
		&c.TimeZone, &c.Language, &fields, &created, &updated)
	if err != nil {
		return c, err
	}
	c.Phone, c.WhatsAppID, c.BSUID, c.Username, c.Email = deref(phone), deref(wa), deref(bsuid), deref(user), deref(email)
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	c.Tags = []string{}
	return c, json.Unmarshal([]byte(fields), &c.Fields)
}

func (q queries) CreateContact(ctx context.Context, c store.Contact) error {
	return q.InsertContacts(ctx, []store.Contact{c})
}

// InsertContacts writes contacts 25 to a statement, then their tags. (More
// per statement costs more: SQLite looks $n names up in a list.)
func (q queries) InsertContacts(ctx context.Context, cs []store.Contact) error {
	const per = 25
	for start := 0; start < len(cs); start += per {
		batch := cs[start:min(start+per, len(cs))]
		var s sqlb
		s.add(`INSERT INTO contacts (`, contactCols, `, name_folded) VALUES `)
		for i, c := range batch {
			if i > 0 {
				s.add(", ")
			}
			s.add("(", s.values(append(contactArgs(c), foldName(c.Name))), ")")
		}
		if _, err := q.c.exec(ctx, s.String(), s.args...); err != nil {
			return err
		}
	}
	return q.insertTags(ctx, cs)
}

func (q queries) insertTags(ctx context.Context, cs []store.Contact) error {
	var s sqlb
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		_, err := q.c.exec(ctx, s.String()+` ON CONFLICT DO NOTHING`, s.args...)
		s, n = sqlb{}, 0
		return err
	}
	for _, c := range cs {
		for _, tag := range c.Tags {
			if n == 0 {
				s.add(`INSERT INTO contact_tags (tenant_id, contact_id, tag, created_at) VALUES `)
			} else {
				s.add(", ")
			}
			s.add("(", s.values([]any{c.TenantID, c.ID, tag, ms(c.CreatedAt)}), ")")
			if n++; n == 100 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

func (q queries) GetContact(ctx context.Context, tenantID, id string) (store.Contact, error) {
	c, err := scanContact(q.c.queryRow(ctx, `SELECT `+contactCols+` FROM contacts WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	if err != nil {
		return c, err
	}
	return c, q.loadTags(ctx, tenantID, []*store.Contact{&c})
}

// FindContact tries each address in priority order.
func (q queries) FindContact(ctx context.Context, tenantID string, id store.Identity) (store.Contact, error) {
	found, err := q.FindContacts(ctx, tenantID, []store.Identity{id})
	if err != nil || found[0].ID == "" {
		return store.Contact{}, orNotFound(err)
	}
	return found[0], nil
}

// identityKeys are the address columns in the order FindContact tries them.
var identityKeys = []struct {
	col string
	of  func(store.Identity) string
}{
	{"bsuid", func(id store.Identity) string { return id.BSUID }},
	{"whatsapp_id", func(id store.Identity) string { return id.WhatsAppID }},
	{"phone", func(id store.Identity) string { return id.Phone }},
	{"username", func(id store.Identity) string { return id.Username }},
	{"email", func(id store.Identity) string { return strings.ToLower(id.Email) }},
}

// FindContacts asks one query per address kind that some identity still
// unresolved holds, for all of them at once, then loads the tags.
func (q queries) FindContacts(ctx context.Context, tenantID string, ids []store.Identity) ([]store.Contact, error) {
	out := make([]store.Contact, len(ids))
	for _, k := range identityKeys {
		want := map[string][]int{}
		var vals []string
		for i, id := range ids {
			if v := k.of(id); v != "" && out[i].ID == "" {
				if want[v] == nil {
					vals = append(vals, v)
				}
				want[v] = append(want[v], i)
			}
		}
		if len(vals) == 0 {
			continue
		}
		var s sqlb
		s.add(planEach+`SELECT `, contactCols, ` FROM contacts WHERE tenant_id = `, s.arg(tenantID), ` AND `, k.col, ` IN (`, s.placeholders(padded(vals)), `)`)
		r, err := q.c.query(ctx, s.String(), s.args...)
		got, err := collect(r, err, func(r rows) (store.Contact, error) { return scanContact(r) })
		if err != nil {
			return nil, err
		}
		for _, c := range got {
			for _, i := range want[k.of(c.Identity())] {
				out[i] = c
			}
		}
	}
	return out, q.tagsOf(ctx, out)
}

// tagsOf loads the tags of the found contacts in cs (one contact may be
// there several times).
func (q queries) tagsOf(ctx context.Context, cs []store.Contact) error {
	byID := map[string]*store.Contact{}
	var each []*store.Contact
	for i := range cs {
		if id := cs[i].ID; id != "" && byID[id] == nil {
			byID[id] = &cs[i]
			each = append(each, &cs[i])
		}
	}
	if err := q.loadTags(ctx, "", each); err != nil {
		return err
	}
	for i := range cs {
		if c := byID[cs[i].ID]; c != nil && c != &cs[i] {
			cs[i].Tags = c.Tags
		}
	}
	return nil
}

func (q queries) UpdateContact(ctx context.Context, c store.Contact) error {
	a := contactArgs(c)
	a = append(a[:12], a[13], foldName(c.Name)) // every column but created_at, and the name as searched
	return notFoundIfNone(q.c.exec(ctx, `UPDATE contacts SET name = $3, phone = $4, whatsapp_id = $5, bsuid = $6,
		username = $7, email = $8, owner_id = $9, time_zone = $10, language = $11, fields = $12, updated_at = $13,
		name_folded = $14 WHERE tenant_id = $2 AND id = $1`, a...))
}

func (q queries) DeleteContact(ctx context.Context, tenantID, id string) error {
	return notFoundIfNone(q.c.exec(ctx, `DELETE FROM contacts WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

func (q queries) ContactIdentities(ctx context.Context, tenantID string) ([]store.ContactIdentity, error) {
	r, err := q.c.query(ctx, `SELECT id, phone, whatsapp_id, bsuid, username, email FROM contacts WHERE tenant_id = $1`, tenantID)
	return collect(r, err, func(r rows) (store.ContactIdentity, error) {
		var ci store.ContactIdentity
		var p, w, b, u, e *string
		err := r.Scan(&ci.ID, &p, &w, &b, &u, &e)
		ci.Identity = store.Identity{Phone: deref(p), WhatsAppID: deref(w), BSUID: deref(b), Username: deref(u), Email: deref(e)}
		return ci, err
	})
}

func (q queries) AddTag(ctx context.Context, tenantID, contactID, tag string) (bool, error) {
	n, err := q.c.exec(ctx, `INSERT INTO contact_tags (tenant_id, contact_id, tag, created_at)
		SELECT tenant_id, id, $3, CAST($4 AS BIGINT) FROM contacts WHERE tenant_id = $1 AND id = $2
		ON CONFLICT DO NOTHING`, tenantID, contactID, tag, ms(now()))
	if err != nil || n > 0 {
		return n > 0, err
	}
	_, err = q.GetContact(ctx, tenantID, contactID)
	return false, err
}

func (q queries) RemoveTag(ctx context.Context, tenantID, contactID, tag string) (bool, error) {
	n, err := q.c.exec(ctx, `DELETE FROM contact_tags WHERE tenant_id = $1 AND contact_id = $2 AND tag = $3`, tenantID, contactID, tag)
	return n > 0, err
}

// loadTags fills the tags of contacts with one query.
func (q queries) loadTags(ctx context.Context, _ string, cs []*store.Contact) error {
	if len(cs) == 0 {
		return nil
	}
	byID := make(map[string]*store.Contact, len(cs))
	ids := make([]string, len(cs))
	for i, c := range cs {
		byID[c.ID], ids[i] = c, c.ID
	}
	var s sqlb
	// The contacts were read under tenantID; their IDs alone pick their rows
	// (and keep SQLite on the primary key, not the (tenant, tag) index).
	s.add(`SELECT contact_id, tag FROM contact_tags WHERE contact_id IN (`, s.placeholders(padded(ids)), `) ORDER BY tag`)
	r, err := q.c.query(ctx, s.String(), s.args...)
	pairs, err := collect(r, err, func(r rows) ([2]string, error) {
		var p [2]string
		return p, r.Scan(&p[0], &p[1])
	})
	for _, p := range pairs {
		byID[p[0]].Tags = append(byID[p[0]].Tags, p[1])
	}
	return err
}
