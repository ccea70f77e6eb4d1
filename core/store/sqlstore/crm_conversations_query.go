package sqlstore

import (
	"strings"
	"unicode"
)

// accents pairs each accented letter Portuguese (and its neighbours)
// writes with its bare letter, upper case too: SQLite's lower() folds
// ASCII only.
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

// foldName is a name as foldedName's SQL compares it: lower case, without
// accents.
func foldName(s string) string {
	return strings.Map(func(r rune) rune {
		if f, ok := unaccent[r]; ok {
			return f
		}
		return unicode.ToLower(r)
	}, s)
}

// foldedName is the SQL of foldName over col: translate on Postgres,
// a replace per accented letter on SQLite (which has no translate).
func foldedName(dialect, col string) string {
	if dialect != SQLite {
		return `translate(lower(` + col + `), '` + accented + `', '` + bare + `')`
	}
	expr := `lower(` + col + `)`
	b := []rune(bare)
	for i, r := range []rune(accented) {
		expr = `replace(` + expr + `, '` + string(r) + `', '` + string(b[i]) + `')`
	}
	return expr
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

// contactQuery narrows conversations to those whose contact matches q: by
// phone digits when q reads as a number (E.164 holds only "+" and
// digits), else by a part of the name, case and accents aside.
func contactQuery(s *sqlb, dialect, q string) {
	q = strings.TrimSpace(q)
	if q == "" {
		return
	}
	s.add(` AND contact_id IN (SELECT id FROM contacts WHERE tenant_id = conversations.tenant_id AND `)
	if d := phoneDigits(q); d != "" {
		s.add(`phone LIKE `, s.arg("%"+d+"%"), `)`)
		return
	}
	like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(foldName(q))
	s.add(foldedName(dialect, "name"), ` LIKE `, s.arg("%"+like+"%"), ` ESCAPE '\')`)
}
