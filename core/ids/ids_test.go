package ids

import (
	"strings"
	"testing"
)

func TestNewIsPrefixedUniqueAndOrdered(t *testing.T) {
	seen := map[string]bool{}
	prev := ""
	for i := 0; i < 2000; i++ {
		id := New("ten")
		if !strings.HasPrefix(id, "ten_") || len(id) != 30 {
			t.Fatalf("bad shape %q", id)
		}
		if seen[id] {
			t.Fatalf("duplicate %q", id)
		}
		seen[id] = true
		if prev != "" && id[:14] < prev[:14] {
			t.Fatalf("time part went backwards: %q after %q", id, prev)
		}
		prev = id
	}
}

func TestKeyedIsStablePerKey(t *testing.T) {
	a, b := Keyed("cns", "ten_1\x00conn_1:optout:SM1"), Keyed("cns", "ten_1\x00conn_1:optout:SM1")
	if a != b || !strings.HasPrefix(a, "cns_") || len(a) != 30 {
		t.Fatalf("Keyed gave %q and %q", a, b)
	}
	if Keyed("cns", "ten_2\x00conn_1:optout:SM1") == a {
		t.Fatal("two keys got one ID")
	}
}
