package grpcplugin

import (
	"net"
	"sync"
)

// frameWriter writes a lane's frames. A goroutine that finds another one
// writing leaves its frame to it: with many calls in flight, the frames
// that pile up meanwhile go out in one write (one system call, and one
// wake-up of the reader on the other side) instead of one each. A frame is
// added whole under the lock, so frames never interleave.
type frameWriter struct {
	conn    net.Conn
	mu      sync.Mutex
	pending []byte // frames waiting to be written
	spare   []byte
	writing bool  // a goroutine is writing; it takes pending too
	err     error // the write that broke the connection
}

// write appends a frame (add appends it to the buffer it is given and
// returns the buffer) and returns once it is written, by this goroutine or
// by the one writing already, or the connection broke. A frame left to
// another goroutine may still be unwritten when write returns nil; if
// that write fails, the lane fails with it.
func (w *frameWriter) write(add func([]byte) []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	w.pending = add(w.pending)
	if w.writing {
		return nil
	}
	w.writing = true
	for len(w.pending) > 0 && w.err == nil {
		out := w.pending
		w.pending = w.spare[:0]
		w.mu.Unlock()
		_, err := w.conn.Write(out)
		w.mu.Lock()
		if cap(out) <= 1<<20 {
			w.spare = out // keep small buffers for the next frames
		} else {
			w.spare = nil
		}
		w.err = err
	}
	w.writing = false
	w.pending = w.pending[:0]
	return w.err
}
