package wasm

import (
	"context"
	"slices"

	"github.com/masteria/masteria/sdk"
)

// widen returns p as sdk.Open should see it when the operator approved
// egress hosts beyond the manifest's: the same plugin, whose manifest also
// lists those hosts, so the guard sdk.Open puts on the guest's HTTP lets
// through what the host's guard lets through. The host enforces the list
// either way; a plugin cannot widen it.
func widen(p sdk.Plugin, hosts []string) sdk.Plugin {
	if len(hosts) == 0 {
		return p
	}
	return widened{Plugin: p, hosts: hosts}
}

// widened forwards the lifecycle steps sdk.Open drives.
type widened struct {
	sdk.Plugin
	hosts []string
}

func (w widened) Manifest() sdk.Manifest {
	m := w.Plugin.Manifest()
	m.Permissions.Hosts = slices.Concat(m.Permissions.Hosts, w.hosts)
	return m
}

func (w widened) Provision(ctx context.Context, conn sdk.Connection) error {
	if p, ok := w.Plugin.(sdk.Provisioner); ok {
		return p.Provision(ctx, conn)
	}
	return nil
}

func (w widened) Validate() error {
	if v, ok := w.Plugin.(sdk.Validator); ok {
		return v.Validate()
	}
	return nil
}

func (w widened) Start(ctx context.Context) error {
	if s, ok := w.Plugin.(sdk.Starter); ok {
		return s.Start(ctx)
	}
	return nil
}

func (w widened) Cleanup() error {
	if c, ok := w.Plugin.(sdk.Cleaner); ok {
		return c.Cleanup()
	}
	return nil
}
