package sqlstore

import (
	"iter"

	"github.com/masteria/masteria/core/store"
)

// Set-based statements (one per batch instead of one per row) are built
// for a number of rows; each number is a different text, so a different
// prepared statement in stmtCache. Rows go in runs of a power of two and
// IN lists are padded to one, which keeps a handful of shapes per query.

// padded returns vals grown to the next power of two by repeating the
// last value (harmless in an IN list).
func padded[T any](vals []T) []T {
	n := 1
	for n < len(vals) {
		n *= 2
	}
	for len(vals) < n {
		vals = append(vals, vals[len(vals)-1])
	}
	return vals
}

// runs splits n rows into runs of powers of two, each at most max (a
// power of two), largest first: 45 with max 32 is 32, 8, 4, 1.
func runs(n, max int) []int {
	var out []int
	for size := max; n > 0; size /= 2 {
		for n >= size {
			out = append(out, size)
			n -= size
		}
	}
	return out
}

// spans yields the start and length of each run of n rows.
func spans(n, max int) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		start := 0
		for _, size := range runs(n, max) {
			if !yield(start, size) {
				return
			}
			start += size
		}
	}
}

// orNotFound is err, or store.ErrNotFound when there was none.
func orNotFound(err error) error {
	if err == nil {
		return store.ErrNotFound
	}
	return err
}
