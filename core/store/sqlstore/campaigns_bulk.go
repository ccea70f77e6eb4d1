package sqlstore

import (
	"strconv"
	"strings"
)

// bulk builds a statement with many arguments. On SQLite its placeholders
// are anonymous "?": the driver resolves every "$n" by name, a linear
// search per argument, which makes a 2,000-argument insert quadratic (it
// was 40% of a 100,000-recipient campaign's CPU). Postgres keeps "$n".
type bulk struct {
	sqlite bool
	b      strings.Builder
	args   []any
}

func newBulk(dialect string) *bulk { return &bulk{sqlite: dialect == SQLite} }

// arg appends v and returns its placeholder.
func (s *bulk) arg(v any) string {
	s.args = append(s.args, v)
	if s.sqlite {
		return "?"
	}
	return "$" + strconv.Itoa(len(s.args))
}

// list appends vals and returns "p1, p2, …".
func (s *bulk) list(vals ...any) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = s.arg(v)
	}
	return strings.Join(ph, ", ")
}

func (s *bulk) add(parts ...string) *bulk {
	for _, p := range parts {
		s.b.WriteString(p)
	}
	return s
}

func (s *bulk) String() string { return s.b.String() }

func stringsAsAny(vals []string) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = v
	}
	return out
}
