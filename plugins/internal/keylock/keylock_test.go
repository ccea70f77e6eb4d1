package keylock

import "testing"

func TestForIsStablePerKey(t *testing.T) {
	var l Locks
	if l.For("wamid.1") != l.For("wamid.1") {
		t.Fatal("one key got two mutexes")
	}
	seen := map[any]bool{}
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		seen[l.For(k)] = true
	}
	if len(seen) < 2 {
		t.Errorf("eight keys share %d mutex", len(seen))
	}
}
