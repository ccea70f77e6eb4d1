package sqlstore

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/masteria/masteria/core/store"
)

// sqlb builds a statement and its $n arguments together.
type sqlb struct {
	b    strings.Builder
	args []any
}

// arg appends v to the arguments and returns its placeholder.
func (s *sqlb) arg(v any) string {
	s.args = append(s.args, v)
	return "$" + strconv.Itoa(len(s.args))
}

func (s *sqlb) add(parts ...string) *sqlb {
	for _, p := range parts {
		s.b.WriteString(p)
	}
	return s
}

func (s *sqlb) String() string { return s.b.String() }

// sortKey is one column of a keyset ordering; num columns are BIGINT.
type sortKey struct {
	col string
	num bool
}

// keyset orders rows by keys (all in one direction) and pages them with a
// cursor holding the last row's values: no OFFSET, so every page costs the
// same however deep the scroll.
type keyset struct {
	keys []sortKey
	desc bool
}

// limit clamps a requested page size.
func limit(n, def, max int) int {
	if n <= 0 {
		return def
	}
	return min(n, max)
}

// where adds "AND (k1, k2, …) < (cursor values)" when a cursor is given.
func (k keyset) where(s *sqlb, cursor string) error {
	if cursor == "" {
		return nil
	}
	vals, err := decodeCursor(cursor, k.keys)
	if err != nil {
		return err
	}
	cols := make([]string, len(k.keys))
	ph := make([]string, len(k.keys))
	for i, key := range k.keys {
		cols[i], ph[i] = key.col, s.arg(vals[i])
	}
	op := " > "
	if k.desc {
		op = " < "
	}
	s.add(" AND (", strings.Join(cols, ", "), ")", op, "(", strings.Join(ph, ", "), ")")
	return nil
}

// orderBy adds the ORDER BY and LIMIT clauses.
func (k keyset) orderBy(s *sqlb, n int) {
	dir := " ASC"
	if k.desc {
		dir = " DESC"
	}
	parts := make([]string, len(k.keys))
	for i, key := range k.keys {
		parts[i] = key.col + dir
	}
	s.add(" ORDER BY ", strings.Join(parts, ", "), " LIMIT ", s.arg(n+1))
}

// page trims the extra row fetched to learn whether another page exists
// and returns the cursor after the last kept row.
func page[T any](items []T, n int, last func(T) []any) ([]T, string) {
	if len(items) <= n {
		return items, ""
	}
	items = items[:n]
	return items, encodeCursor(last(items[n-1]))
}

func encodeCursor(vals []any) string {
	strs := make([]string, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case int64:
			strs[i] = strconv.FormatInt(x, 10)
		case string:
			strs[i] = x
		}
	}
	raw, _ := json.Marshal(strs)
	return base64.RawURLEncoding.EncodeToString(raw)
}

func decodeCursor(c string, keys []sortKey) ([]any, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	var strs []string
	if err != nil || json.Unmarshal(raw, &strs) != nil || len(strs) != len(keys) {
		return nil, store.ErrBadCursor
	}
	out := make([]any, len(keys))
	for i, k := range keys {
		if !k.num {
			out[i] = strs[i]
			continue
		}
		n, err := strconv.ParseInt(strs[i], 10, 64)
		if err != nil {
			return nil, store.ErrBadCursor
		}
		out[i] = n
	}
	return out, nil
}

// nullable stores "" as NULL.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// values appends vals as arguments and returns "$a, $b, …".
func (s *sqlb) values(vals []any) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = s.arg(v)
	}
	return strings.Join(ph, ", ")
}

// placeholders is values for strings.
func (s *sqlb) placeholders(vals []string) string {
	as := make([]any, len(vals))
	for i, v := range vals {
		as[i] = v
	}
	return s.values(as)
}

// likePrefix escapes a user's text for "LIKE $n ESCAPE '\'" as a prefix.
func likePrefix(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(strings.ToLower(q)) + "%"
}
