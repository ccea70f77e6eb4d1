// Package rank makes fractional ordering keys: strings that sort in byte
// order, where a new key can always be made between any two others. A card
// moved between two neighbours gets one new key; nothing else is rewritten.
//
// A key is an integer part and an optional fraction, both in base 62
// ("0"–"9", "A"–"Z", "a"–"z", which is also their byte order). The integer
// part's first character says its length ('a' = one digit, 'b' = two, …;
// 'Z', 'Y', … the same for negative numbers), so appending n items grows
// keys by log62(n) characters, not n. A fraction never ends in "0", so
// every position has one spelling. This is the scheme of Figma and of
// rocicorp/fractional-indexing. The store compares keys in byte order
// (COLLATE "C" on Postgres).
package rank

import (
	"errors"
	"fmt"
	"strings"
)

const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

const base = len(digits)

// First is the key of the first item of an empty list.
const First = "a0"

// smallest is the lowest integer; it is a bound, never a key.
var smallest = "A" + strings.Repeat("0", 26)

// ErrOrder means the bounds are not valid keys with a < b.
var ErrOrder = errors.New("rank: bounds must be valid keys with a < b")

// ErrExhausted means no key exists past the bound (after 62^26 appends).
var ErrExhausted = errors.New("rank: no more keys in this direction")

// Between returns a key strictly between a and b. An empty a means "before
// everything" and an empty b "after everything", so Between("", "") is
// First.
func Between(a, b string) (string, error) {
	if a != "" && !Valid(a) || b != "" && !Valid(b) || a != "" && b != "" && a >= b {
		return "", fmt.Errorf("%w: %q, %q", ErrOrder, a, b)
	}
	switch {
	case a == "" && b == "":
		return First, nil
	case a == "":
		return before(b)
	case b == "":
		return after(a)
	}
	ia, ib := a[:intLen(a[0])], b[:intLen(b[0])]
	if ia == ib {
		return ia + midpoint(a[len(ia):], b[len(ib):]), nil
	}
	if i, ok := increment(ia); ok && i < b {
		return i, nil
	}
	return ia + midpoint(a[len(ia):], ""), nil
}

func before(b string) (string, error) {
	ib := b[:intLen(b[0])]
	if ib == smallest {
		return ib + midpoint("", b[len(ib):]), nil
	}
	if ib < b {
		return ib, nil
	}
	if d, ok := decrement(ib); ok {
		return d, nil
	}
	return "", ErrExhausted
}

func after(a string) (string, error) {
	ia := a[:intLen(a[0])]
	if i, ok := increment(ia); ok {
		return i, nil
	}
	return ia + midpoint(a[len(ia):], ""), nil
}

// Valid tells whether k is a well-formed key.
func Valid(k string) bool {
	if k == "" || !isHead(k[0]) || len(k) < intLen(k[0]) || k[:intLen(k[0])] == smallest {
		return false
	}
	for i := 1; i < len(k); i++ {
		if strings.IndexByte(digits, k[i]) < 0 {
			return false
		}
	}
	return len(k) == intLen(k[0]) || k[len(k)-1] != '0'
}

func isHead(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// intLen is the length of the integer part (head included) for a head.
func intLen(head byte) int {
	if head >= 'a' {
		return int(head-'a') + 2
	}
	return int('Z'-head) + 2
}
