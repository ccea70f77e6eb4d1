// Package wasm runs a Master IA plugin as a WebAssembly module. Build the
// plugin's main package for WASI preview 1 as a reactor:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o plugin.wasm .
//
// and register it from an init function, since a reactor's main never runs:
//
//	func init() { wasm.Serve(New) }
//
//	func main() {}
//
// The package exports the ABI's entry functions (see ABI.md and package
// abi) and hands the plugin an sdk.Host whose services are calls to the
// host functions of the masteria_v1 module, so plugin code is the same as
// under the go-plugin runtime.
//
// Outside wasip1 the host functions are a native stub ([Stub]), so plugin
// logic and its trip through the ABI's JSON unit-test without WASM.
//
// A module runs one call at a time, and the host may serve a connection
// from several instances of it: keep state that must outlive a call or be
// shared between calls in the KV service, not in package variables.
package wasm

import (
	"github.com/masteria/masteria/sdk"
)

// served is the plugin registered with Serve; the wasip1 exports use it.
var served = &guest{}

// Serve registers the plugin the module runs. Call it once, from an init
// function of the main package; f makes the plugin value for the module's
// connection.
func Serve(f sdk.Factory) {
	served.factory = f
}
