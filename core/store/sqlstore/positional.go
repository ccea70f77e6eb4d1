package sqlstore

// positional rewrites a query's $1 … $n placeholders to SQLite's anonymous
// ?, when they appear in that order and once each, so the arguments bind
// the same way. SQLite finds a named parameter's name with a linear scan of
// the statement's list, and modernc's driver asks it for every parameter's
// name, so binding a statement of n named parameters costs n²: the 2^k-row
// inserts of a received batch (~1,000 parameters) spent 3% of the server's
// CPU there. A query that reuses a placeholder or numbers them out of order
// stays as written. Quoted text and comments are left alone.
func positional(q string) string {
	out := make([]byte, 0, len(q))
	next := 1
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == '\'' || c == '"': // a string or quoted name; '' and "" escape themselves
			j := i + 1
			for j < len(q) && q[j] != c {
				j++
			}
			out = append(out, q[i:min(j+1, len(q))]...)
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-': // a comment to the end of the line
			j := i
			for j < len(q) && q[j] != '\n' {
				j++
			}
			out = append(out, q[i:j]...)
			i = j - 1
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := i + 2
			for j+1 < len(q) && !(q[j] == '*' && q[j+1] == '/') {
				j++
			}
			out = append(out, q[i:min(j+2, len(q))]...)
			i = j + 1
		case c == '?':
			return q // already positional somewhere
		case c == '$':
			j := i + 1
			n := 0
			for j < len(q) && q[j] >= '0' && q[j] <= '9' && n <= 1<<20 {
				n = n*10 + int(q[j]-'0')
				j++
			}
			if j == i+1 {
				out = append(out, c)
				continue
			}
			if n != next {
				return q
			}
			next++
			out = append(out, '?')
			i = j - 1
		default:
			out = append(out, c)
		}
	}
	return string(out)
}
