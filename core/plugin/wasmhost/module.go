// Package wasmhost runs plugins compiled to WebAssembly in the wazero
// sandbox. A module is compiled once ([Load]); each connection
// ([Module.New], an sdk.Factory) is served by a small pool of instances,
// each provisioned with the connection's config. An instance has no
// filesystem, no network, no environment and a memory limit; every call
// runs under a time limit. The only way out is the masteria_v1 host
// functions (package abi), which reach the connection's sdk.Host: HTTP goes
// through an sdk.EgressGuard over the manifest's hosts plus the operator's.
//
// A call that loops, exhausts memory, traps or exits loses its instance
// and fails with an error naming the cause (ErrTimeLimit, ErrMemoryLimit,
// ErrCrashed); the next call gets a fresh instance.
package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/wasm/abi"
)

// Options tune the sandbox. The zero value is usable.
type Options struct {
	// MemoryLimit bounds each instance's memory in bytes, rounded up to
	// 64 KiB pages; 128 MiB when zero.
	MemoryLimit int64
	// CallTimeout bounds every call into a module, start-up included: the
	// sandbox's CPU time limit. 30s when zero.
	CallTimeout time.Duration
	// Instances is how many instances may serve one connection at once,
	// so how many of its calls run in parallel; 4 when zero.
	Instances int
	// AllowHosts are hosts the operator approves on top of the manifest's
	// permissions.hosts, such as a simulator or a self-hosted base URL.
	AllowHosts []string
	// Transport sends the HTTP requests the guard lets through;
	// http.DefaultTransport when nil.
	Transport http.RoundTripper
	// MaxResponseBody bounds an HTTP response body handed to a module;
	// abi.DefaultMaxBody when zero.
	MaxResponseBody int64
	// Cache keeps compiled code for reuse by other modules and runtimes,
	// and across restarts when made with
	// wazero.NewCompilationCacheWithDir. Nil compiles privately.
	Cache wazero.CompilationCache
}

func (o Options) withDefaults() Options {
	if o.MemoryLimit <= 0 {
		o.MemoryLimit = 128 << 20
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 30 * time.Second
	}
	if o.Instances <= 0 {
		o.Instances = 4
	}
	return o
}

// Module is a compiled plugin module and its manifest.
type Module struct {
	opts     Options
	rt       wazero.Runtime
	compiled wazero.CompiledModule
	config   wazero.ModuleConfig
	manifest sdk.Manifest
	egress   *http.Client
	closed   atomic.Bool

	mu   sync.Mutex
	live map[*instance]struct{} // instances to interrupt on Close
}

// Load compiles a plugin module, checks that it speaks the masteria_v1 ABI
// and reads its manifest, which must be valid and declare the wasm runtime.
func Load(ctx context.Context, wasm []byte, opts Options) (*Module, error) {
	opts = opts.withDefaults()
	pages := uint32(min((opts.MemoryLimit+65535)>>16, 65536))
	cfg := wazero.NewRuntimeConfig().WithMemoryLimitPages(pages).WithCloseOnContextDone(false)
	if opts.Cache != nil {
		cfg = cfg.WithCompilationCache(opts.Cache)
	}
	m := &Module{opts: opts, rt: wazero.NewRuntimeWithConfig(ctx, cfg), config: moduleConfig()}
	if err := m.load(ctx, wasm); err != nil {
		return nil, errors.Join(err, m.rt.Close(ctx))
	}
	return m, nil
}

func (m *Module) load(ctx context.Context, wasm []byte) error {
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, m.rt); err != nil {
		return fmt.Errorf("wasmhost: WASI: %w", err)
	}
	if err := instantiateHostModule(ctx, m.rt); err != nil {
		return fmt.Errorf("wasmhost: host functions: %w", err)
	}
	wasm, err := instrument(wasm)
	if err != nil {
		return err
	}
	compiled, err := m.rt.CompileModule(ctx, wasm)
	if err != nil {
		return fmt.Errorf("wasmhost: compile: %w", err)
	}
	m.compiled = compiled
	if err := m.checkABI(); err != nil {
		return err
	}
	if m.manifest, err = m.describe(ctx); err != nil {
		return err
	}
	hosts := slices.Concat(m.manifest.Permissions.Hosts, m.opts.AllowHosts)
	m.egress = &http.Client{Transport: sdk.NewEgressGuard(hosts, m.opts.Transport)}
	return nil
}

// checkABI reports imports this host does not serve and missing exports,
// all at once, before anything runs.
func (m *Module) checkABI() error {
	var errs []error
	for _, f := range m.compiled.ImportedFunctions() {
		mod, name, _ := f.Import()
		if mod != abi.Module && mod != wasi_snapshot_preview1.ModuleName {
			errs = append(errs, m.abiError("imports %s.%s; this host serves %s", mod, name, abi.Module))
		} else if mod == abi.Module && !slices.Contains(hostFunctionNames, name) {
			errs = append(errs, m.abiError("imports %s.%s, which %s does not have", mod, name, abi.Module))
		}
	}
	exports := m.compiled.ExportedFunctions()
	for _, name := range abi.Exports {
		if _, ok := exports[name]; !ok {
			errs = append(errs, m.abiError("does not export %s; build with -buildmode=c-shared and call wasm.Serve", name))
		}
	}
	return errors.Join(errs...)
}

// describe reads the manifest from a throwaway instance whose host
// services are all denied.
func (m *Module) describe(ctx context.Context) (sdk.Manifest, error) {
	var man sdk.Manifest
	in, err := m.instantiate(ctx, &abi.Services{Host: sdk.Permissions{}.Restrict(sdk.Host{})})
	if err != nil {
		return man, err
	}
	defer in.close()
	status, out, err := m.call(ctx, in, abi.ExportDescribe, nil)
	if err != nil {
		return man, err
	}
	if err := abi.Result(status, out); err != nil {
		return man, fmt.Errorf("wasmhost: describe: %w", err)
	}
	if err := abi.Unmarshal(out, &man); err != nil {
		return man, m.abiError("undecodable manifest: %v", err)
	}
	if err := man.Validate(); err != nil {
		return man, fmt.Errorf("wasmhost: invalid manifest:\n%w", err)
	}
	if man.Runtime != sdk.RuntimeWASM {
		return man, fmt.Errorf("wasmhost: plugin %s declares runtime %q, not %q", man.ID, man.Runtime, sdk.RuntimeWASM)
	}
	return man, nil
}

// Manifest returns the plugin's manifest.
func (m *Module) Manifest() sdk.Manifest { return m.manifest }

// New makes an unconfigured plugin served by this module; it is the
// plugin's sdk.Factory. Open it with sdk.Open: each open connection keeps
// up to Options.Instances instances until it is closed.
func (m *Module) New() sdk.Plugin { return abi.NewPlugin(m.manifest, newConnection(m)) }

// Close releases the module and every instance of it; calls still running
// fail with ErrClosed.
func (m *Module) Close(ctx context.Context) error {
	m.mu.Lock()
	m.closed.Store(true)
	for in := range m.live {
		in.trip()
	}
	m.mu.Unlock()
	return m.rt.Close(ctx)
}

// track registers a started instance so Close can interrupt it; it
// reports false once the module is closed.
func (m *Module) track(in *instance) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed.Load() {
		return false
	}
	if m.live == nil {
		m.live = map[*instance]struct{}{}
	}
	m.live[in], in.m = struct{}{}, m
	return true
}

func (m *Module) untrack(in *instance) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.live, in)
}
