package sqlstore

import (
	"strings"
	"unicode"
)

// accents pairs each accented letter Portuguese (and its neighbours)
// writes with its bare letter, upper case too: SQLite's lower() folds
// ASCII only. The migrations that define name_folded spell them out.
const (
	accented = "áàâãäåéèêëíìîïóòôõöúùûüçñýÿÁÀÂÃÄÅÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑÝ"
	bare     = "aaaaaaeeeeiiiiooooouuuucnyyaaaaaaeeeeiiiiooooouuuucny"
)

var unaccent = func() map[rune]rune {
	m := map[rune]rune{}
	b := []rune(bare)
	for i, r := range []rune(accented) {
		m[r] = b[i]
	}
	return m
}()

// foldName is a name as the contacts' name_folded column holds it (sqlite
// 0019, postgres 0017): lower case, without accents.
func foldName(s string) string {
	return strings.Map(func(r rune) rune {
		if f, ok := unaccent[r]; ok {
			return f
		}
		return unicode.ToLower(r)
	}, s)
}

// phoneDigits is the digits of a search that reads as a phone number
// ("11 98765-4321", "+55 (11) 9…"): "" when it holds anything else or
// fewer than 4 digits.
func phoneDigits(q string) string {
	for _, r := range q {
		if !strings.ContainsRune("0123456789 +-().", r) {
			return ""
		}
	}
	if d := digitsOf(q); len(d) >= 4 {
		return d
	}
	return ""
}

// contactQuery narrows the tenant's conversations to those whose contact
// matches q: by phone digits when q reads as a number (E.164 holds only
// "+" and digits), else by a part of the name, case and accents aside.
// The subquery names the tenant itself, not conversations.tenant_id: a
// subquery that refers to the outer row is run again for every
// conversation (both SQLite and Postgres), reading every contact each
// time; this one is read once.
// Each reads one index range of the tenant: its folded names
// (contacts_name_folded, which holds the ID too), or its phones; SQLite,
// which keeps no statistics here, is told the phones' index, having
// otherwise walked the names' and read every contact's row for its phone
// (546 ms at 100,000 contacts).
func contactQuery(s *sqlb, dialect, tenantID, q string) {
	q = strings.TrimSpace(q)
	if q == "" {
		return
	}
	if d := phoneDigits(q); d != "" {
		s.add(` AND contact_id IN (SELECT id FROM contacts `)
		if dialect == SQLite {
			s.add(`INDEXED BY contacts_phone `)
		}
		s.add(`WHERE tenant_id = `, s.arg(tenantID), ` AND phone LIKE `, s.arg("%"+d+"%"), `)`)
		return
	}
	s.add(` AND contact_id IN (SELECT id FROM contacts WHERE tenant_id = `, s.arg(tenantID), ` AND `)
	like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(foldName(q))
	s.add(`name_folded LIKE `, s.arg("%"+like+"%"), ` ESCAPE '\')`)
}
