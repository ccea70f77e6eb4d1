//go:build !wasip1

package wasm_test

import (
	"context"
	"testing"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/internal/echo"
	"github.com/masteria/masteria/sdk/wasm"
)

// BenchmarkStubInvoke: the guest's share of a WASM call (ABI envelopes,
// dispatch, input parsing, output encoding) run natively, to set against
// wasmhost's BenchmarkInvoke.
func BenchmarkStubInvoke(b *testing.B) {
	p := wasm.Stub(echo.New)()
	cfg, _ := p.Manifest().Config.Parse(map[string]any{"signing_secret": "s", "prefix": ""})
	if err := sdk.Open(context.Background(), p, sdk.Connection{Config: cfg}); err != nil {
		b.Fatal(err)
	}
	spec, _ := p.Manifest().Action("echo.say")
	in, _ := spec.ParseInput(map[string]any{"text": "hi"})
	say := p.Actions()["echo.say"]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := say.Invoke(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}
