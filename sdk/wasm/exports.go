//go:build wasip1

package wasm

import (
	"time"
	"unsafe"
)

// pinned keeps the buffers handed out by masteria_alloc alive until
// masteria_free releases them. The host reuses a buffer across calls.
var pinned = map[uint32][]byte{}

//go:wasmexport masteria_alloc
func alloc(n uint32) uint32 {
	if n == 0 {
		return 0
	}
	b := make([]byte, n)
	p := uint32(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
	pinned[p] = b
	lastPinned, lastPinnedAt = b, p
	return p
}

//go:wasmexport masteria_free
func free(p uint32) {
	delete(pinned, p)
	if p == lastPinnedAt {
		lastPinned, lastPinnedAt = nil, 0
	}
}

// lastPinned is the buffer masteria_alloc handed out last, which the host
// keeps for its calls' inputs: run finds it without a map lookup.
var (
	lastPinned   []byte
	lastPinnedAt uint32
)

//go:wasmexport masteria_describe
func describe(p, n uint32) uint32 { return run(p, n, served.describe) }

//go:wasmexport masteria_provision
func provision(p, n uint32) uint32 { return run(p, n, served.provision) }

//go:wasmexport masteria_invoke
func invoke(p, n uint32) uint32 { return run(p, n, served.invoke) }

//go:wasmexport masteria_send
func send(p, n uint32) uint32 { return run(p, n, served.send) }

//go:wasmexport masteria_handle_webhook
func handleWebhook(p, n uint32) uint32 { return run(p, n, served.handleWebhook) }

//go:wasmexport masteria_cleanup
func cleanup(p, n uint32) uint32 { return run(p, n, served.cleanup) }

// run reads the input from its buffer, calls f under a context carrying
// the host's deadline, and hands f's output to the host. f must not keep
// the input: the host writes the next call's into the same buffer.
func run(p, n uint32, f entryFunc) uint32 {
	in := lastPinned
	if p != lastPinnedAt {
		in = pinned[p]
	}
	if uint32(len(in)) < n {
		in = nil // the host broke the ABI; f reports undecodable input
	} else {
		in = in[:n]
	}
	status, out := f(callContext{}, in)
	hostOutput(ptr(out), size(out))
	if cap(out) <= maxSpare {
		spare = out[:0] // the host has copied it
	}
	return status
}

// spare is the buffer the next result is written into: the host copies a
// result as soon as it is handed over, and a module runs one call at a
// time, so each call's result reuses the last one's memory instead of
// allocating (a few hundred nanoseconds each in a Go module).
var spare []byte

// maxSpare bounds the buffer kept between calls.
const maxSpare = 64 << 10

// resultBuffer returns an empty buffer for a call's result.
func resultBuffer() []byte {
	b := spare
	spare = nil
	if b == nil {
		return make([]byte, 0, 256)
	}
	return b
}

// callContext tells plugin code the host's deadline for the running call
// without a timer of its own, which would cost every call: a module cannot
// be interrupted from inside, and the host stops it at the deadline anyway,
// waking it from any sleep. Its Done channel is nil, so waits end by the
// host's hand. It asks the host for the deadline when asked, so it holds
// nothing and costs no allocation; a goroutine still running from an
// earlier call reads the call then running.
type callContext struct{}

func (callContext) Deadline() (time.Time, bool) {
	if d := hostDeadline(); d > 0 {
		return time.Unix(0, d), true
	}
	return time.Time{}, false
}

func (callContext) Done() <-chan struct{} { return nil }
func (callContext) Err() error            { return nil }
func (callContext) Value(any) any         { return nil }
func (callContext) String() string        { return "wasm.callContext" }
