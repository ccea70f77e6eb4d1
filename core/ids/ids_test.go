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
