package grpcplugin

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
)

// TestFrameWriterKeepsFramesWhole: frames written at once from many
// goroutines (so several go out in one write) arrive whole, each
// goroutine's in its order; once the connection breaks, writes fail.
func TestFrameWriterKeepsFramesWhole(t *testing.T) {
	host, plugin := net.Pipe()
	w := &frameWriter{conn: host}
	const writers, each = 16, 200
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range each {
				text := fmt.Sprintf("%d:%d:%s", g, i, strings.Repeat("x", (g*i)%300))
				if err := w.write(func(b []byte) []byte { return appendTextFrame(b, uint64(g), laneFailed, text) }); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	fr := newFrameReader(plugin)
	next := make([]int, writers)
	for range writers * each {
		f, err := fr.next()
		if err != nil {
			t.Fatal(err)
		}
		var g, i int
		if _, err := fmt.Sscanf(string(f.payload), "%d:%d:", &g, &i); err != nil || uint64(g) != f.id {
			t.Fatalf("frame %d %q: torn or mixed (%v)", f.id, f.payload, err)
		}
		if want := fmt.Sprintf("%d:%d:%s", g, i, strings.Repeat("x", (g*i)%300)); string(f.payload) != want || i != next[g] {
			t.Fatalf("writer %d: frame %d arrived as %q, want frame %d", g, i, f.payload, next[g])
		}
		next[g]++
	}
	wg.Wait()
	plugin.Close()
	if err := w.write(func(b []byte) []byte { return appendTextFrame(b, 1, laneFailed, "late") }); err == nil {
		t.Fatal("a write to a closed connection succeeded")
	}
}
