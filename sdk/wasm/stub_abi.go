//go:build !wasip1

package wasm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/wasm/abi"
)

// stubImports is the native host-import layer: the host functions answered
// in-process by abi.Services, the same code the WASM host runs.
type stubImports struct{ svc *abi.Services }

func (s stubImports) log(level int32, msg, attrs []byte) { s.svc.Log(level, msg, attrs) }
func (s stubImports) clockNow() int64                    { return s.svc.ClockNow() }

func (s stubImports) kvGet(key []byte) ([]byte, abi.Code) {
	return s.svc.KVGet(context.Background(), key)
}

func (s stubImports) kvSet(key, value []byte, ttl time.Duration) ([]byte, abi.Code) {
	return s.svc.KVSet(context.Background(), key, value, ttl)
}

func (s stubImports) kvDelete(key []byte) ([]byte, abi.Code) {
	return s.svc.KVDelete(context.Background(), key)
}

func (s stubImports) secretGet(name []byte) ([]byte, abi.Code) {
	return s.svc.SecretGet(context.Background(), name)
}

func (s stubImports) httpRequest(req []byte) ([]byte, abi.Code) {
	return s.svc.HTTPRequest(context.Background(), req)
}

func (s stubImports) emitEvent(subject, payload, id []byte) ([]byte, abi.Code) {
	return s.svc.EmitEvent(context.Background(), subject, payload, id)
}

func (s stubImports) blobPut(contentType, data []byte) ([]byte, abi.Code) {
	return s.svc.BlobPut(context.Background(), contentType, data)
}

func (s stubImports) blobGet(id []byte) ([]byte, abi.Code) {
	return s.svc.BlobGet(context.Background(), id)
}

func (s stubImports) blobDelete(id []byte) ([]byte, abi.Code) {
	return s.svc.BlobDelete(context.Background(), id)
}

// resultBuffer returns an empty buffer for a call's result: a fresh one
// natively, where the stub's callers keep results and call concurrently.
func resultBuffer() []byte { return make([]byte, 0, 256) }

// Stub returns a factory of plugins that run f's plugins through the guest
// ABI natively, for unit tests: every call is encoded as the host encodes
// it, dispatched by the same code as the wasip1 exports, and the plugin's
// host services go through the stub host-import layer to the host's own
// service code. A plugin that passes sdktest through Stub keeps its values
// intact across the ABI's JSON (a time.Duration in an Output, say, would
// not). Only native builds have Stub. Its factory panics when the guest
// cannot describe the plugin, as a host would refuse to load it.
//
//	sdktest.Run(t, wasm.Stub(New), opts)
func Stub(f sdk.Factory) sdk.Factory {
	return func() sdk.Plugin {
		m, err := describeNative(f)
		if err != nil {
			panic(fmt.Sprintf("wasm.Stub: describe: %v", err))
		}
		return abi.NewPlugin(m, &stubTransport{factory: f})
	}
}

// describeNative runs the describe export and decodes the manifest, as a
// host does when it loads a module.
func describeNative(f sdk.Factory) (sdk.Manifest, error) {
	var m sdk.Manifest
	status, out := (&guest{factory: f}).describe(context.Background(), nil)
	if err := abi.Result(status, out); err != nil {
		return m, err
	}
	return m, json.Unmarshal(out, &m)
}

// stubTransport plays the host's part for one connection: a single guest,
// called in-process with the caller's context, concurrently as a pool of
// instances would be.
type stubTransport struct {
	factory sdk.Factory
	mu      sync.RWMutex
	g       *guest
}

var errStubClosed = sdk.Retryable(errors.New("wasm: stub connection is not open"), 0)

func (t *stubTransport) Open(ctx context.Context, host sdk.Host, req abi.Provision) error {
	b, err := json.Marshal(req)
	if err != nil {
		return sdk.Permanent(fmt.Errorf("%w: provision does not marshal: %v", abi.ErrInvalid, err), "")
	}
	g := &guest{factory: t.factory, imports: stubImports{&abi.Services{Host: host}}}
	if err := abi.Result(g.provision(ctx, b)); err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.g = g
	return nil
}

func (t *stubTransport) Call(ctx context.Context, export string, input []byte) (uint32, []byte, error) {
	t.mu.RLock()
	g := t.g
	t.mu.RUnlock()
	if g == nil {
		return 0, nil, errStubClosed
	}
	f := g.entry(export)
	if f == nil {
		return 0, nil, sdk.Permanent(fmt.Errorf("%w: no export %q", abi.ErrInvalid, export), "")
	}
	status, out := f(ctx, bytes.Clone(input))
	return status, out, nil
}

func (t *stubTransport) Close() error {
	t.mu.Lock()
	g := t.g
	t.g = nil
	t.mu.Unlock()
	if g == nil {
		return nil
	}
	return abi.Result(g.cleanup(context.Background(), nil))
}
