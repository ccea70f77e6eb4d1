package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tetratelabs/wazero"

	"github.com/masteria/masteria/core/plugin/grpchost"
	"github.com/masteria/masteria/core/plugin/wasmhost"
)

// startPlugins starts the shipped plugins as subprocesses, then every
// plugin found in <data>/plugins: NAME.wasm modules run in the WASM
// sandbox, executables run as go-plugin subprocesses. Each may reach its
// manifest's hosts and the operator's (egressHosts).
func (a *App) startPlugins(ctx context.Context) error {
	for _, pc := range a.opts.Plugins {
		if err := a.startGRPC(ctx, pc.ID, grpchost.Options{Command: pc.Command}); err != nil {
			return err
		}
	}
	dir := filepath.Join(a.Config.DataDir, "plugins")
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("plugins directory: %w", err)
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		info, err := e.Info()
		switch {
		case err != nil || e.IsDir():
		case strings.HasSuffix(e.Name(), ".wasm"):
			err = a.startWASM(ctx, path)
		case info.Mode()&0o111 != 0:
			err = a.startGRPC(ctx, e.Name(), grpchost.Options{Command: grpchost.Executable(path)})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// egressHosts are the hosts the operator lets every plugin reach beyond its
// manifest's: the configuration's egress_allow_hosts, and the demo's
// simulators (Options.ExtraHosts). A connection's config adds none.
func (a *App) egressHosts() []string {
	return slices.Concat(a.Config.EgressAllowHosts, a.opts.ExtraHosts)
}

func (a *App) startGRPC(ctx context.Context, id string, opts grpchost.Options) error {
	opts.Log, opts.ExtraHosts = a.Log, a.egressHosts()
	p, err := grpchost.Start(ctx, opts)
	if err != nil {
		return fmt.Errorf("plugin %s: %w", id, err)
	}
	a.closers = append(a.closers, func() { p.Close() })
	if err := a.Plugins.Register(p.Factory()); err != nil {
		return err
	}
	a.Plugins.SetServing(p.Manifest().ID, p.Serving)
	return nil
}

func (a *App) startWASM(ctx context.Context, path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if a.wasmCache == nil { // compiled code survives restarts: a module compiles once
		if a.wasmCache, err = wazero.NewCompilationCacheWithDir(filepath.Join(a.Config.DataDir, "cache", "wasm")); err != nil {
			return err
		}
	}
	m, err := wasmhost.Load(ctx, raw, wasmhost.Options{AllowHosts: a.egressHosts(), Cache: a.wasmCache})
	if err != nil {
		return fmt.Errorf("plugin %s: %w", filepath.Base(path), err)
	}
	a.closers = append(a.closers, func() { m.Close(context.Background()) })
	return a.Plugins.Register(m.New)
}
