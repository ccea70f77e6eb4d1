// Command wasm-echo is the example WASM plugin: a loopback channel whose
// "provider" echoes messages back through signed webhooks, actions that use
// every host service, and one that misbehaves on request so the host's
// sandbox can be tested. Build it as a WASI reactor:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o wasm-echo.wasm ./examples/wasm-echo
//
// See README.md for running it in a flow.
package main

import "github.com/masteria/masteria/sdk/wasm"

// A reactor's main never runs: the host calls _initialize, which runs init
// functions, then the exports that wasm.Serve sets up.
func init() { wasm.Serve(New) }

func main() {}
