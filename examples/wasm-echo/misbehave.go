package main

import (
	"context"
	"errors"
	"os"
	"unsafe"

	"github.com/masteria/masteria/sdk"
)

// modes are the ways misbehave can fail; "none" behaves.
var modes = []string{"none", "loop", "hog", "trap", "panic", "exit"}

// hoard keeps what hog allocates reachable, so the collector cannot help.
var hoard [][]byte

// spin is written by the loop so the compiler keeps it.
var spin uint64

// anchor and far locate the trap's store: 2 GiB past a global, beyond any
// memory the host allows. Variables, so the compiler cannot drop the store.
var (
	anchor byte
	far    = 1 << 31
)

// misbehave does what the host's sandbox must survive: loop forever
// (stopped by the call's time limit), allocate without bound (stopped by
// the memory limit), trap (an out-of-bounds store), panic (recovered by the
// guest SDK as an error) or exit the module.
func (p *Plugin) misbehave(_ context.Context, in sdk.Input) (sdk.Output, error) {
	mode := in.Params.String("mode")
	switch mode {
	case "loop":
		for {
			spin++
		}
	case "hog":
		for {
			hoard = append(hoard, make([]byte, 1<<20))
		}
	case "trap":
		*(*byte)(unsafe.Add(unsafe.Pointer(&anchor), far)) = 1
	case "panic":
		panic(errors.New("wasm-echo: asked to panic"))
	case "exit":
		os.Exit(3)
	}
	return sdk.Output{Values: map[string]any{"mode": mode}}, nil
}
