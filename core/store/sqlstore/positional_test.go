package sqlstore

import "testing"

func TestPositional(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`SELECT a FROM t WHERE x = $1 AND y = $2`, `SELECT a FROM t WHERE x = ? AND y = ?`},
		{`INSERT INTO t VALUES ($1, $2, $3), ($4, $5, $6), ($7, $8, $9), ($10, $11, $12)`,
			`INSERT INTO t VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?), (?, ?, ?)`},
		{`UPDATE t SET a = $2, b = $2 WHERE id = $1`, `UPDATE t SET a = $2, b = $2 WHERE id = $1`}, // out of order
		{`UPDATE t SET a = $1, b = $1 WHERE id = $2`, `UPDATE t SET a = $1, b = $1 WHERE id = $2`}, // reused
		{`SELECT json_extract(d, '$.a'), $1 FROM t`, `SELECT json_extract(d, '$.a'), ? FROM t`},    // quoted $
		{`SELECT 'it''s $9', $1, "col$2" FROM t`, `SELECT 'it''s $9', ?, "col$2" FROM t`},          // escapes
		{"SELECT $1 -- don't $5\n, $2", "SELECT ? -- don't $5\n, ?"},                               // comment
		{`SELECT /* $7 ' */ $1`, `SELECT /* $7 ' */ ?`},
		{`SELECT $1 WHERE a = ?`, `SELECT $1 WHERE a = ?`},
		{`SELECT 1`, `SELECT 1`},
		{`SELECT '$1`, `SELECT '$1`}, // unterminated: copied as is
		{`SELECT $ FROM t WHERE a = $1`, `SELECT $ FROM t WHERE a = ?`},
	} {
		if got := positional(tc.in); got != tc.want {
			t.Errorf("positional(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzPositional: the rewrite never loses or adds text other than the
// placeholders it turns into ?.
func FuzzPositional(f *testing.F) {
	f.Add(`SELECT a FROM t WHERE x = $1 AND y = '$2' -- $3` + "\n" + `AND z = $2`)
	f.Fuzz(func(t *testing.T, q string) {
		got := positional(q)
		if got == q {
			return
		}
		n := 0
		for i := 0; i < len(got); i++ {
			if got[i] == '?' {
				n++
			}
		}
		if n == 0 || len(got) > len(q) {
			t.Fatalf("positional(%q) = %q", q, got)
		}
	})
}
