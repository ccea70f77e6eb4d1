package grpcplugin

import (
	"context"
	"slices"

	"github.com/masteria/masteria/sdk"
)

// opened is the plugin as the server opens it: its manifest carries the
// operator's extra egress hosts, so the guard sdk.Open puts on the plugin's
// side allows what the host's guard allows, and Start can be skipped for a
// dry run. Every lifecycle step the plugin implements is forwarded.
type opened struct {
	sdk.Plugin
	manifest sdk.Manifest
	start    bool
}

func (o *opened) Manifest() sdk.Manifest { return o.manifest }

func (o *opened) Provision(ctx context.Context, conn sdk.Connection) error {
	if p, ok := o.Plugin.(sdk.Provisioner); ok {
		return p.Provision(ctx, conn)
	}
	return nil
}

func (o *opened) Validate() error {
	if v, ok := o.Plugin.(sdk.Validator); ok {
		return v.Validate()
	}
	return nil
}

func (o *opened) Start(ctx context.Context) error {
	if s, ok := o.Plugin.(sdk.Starter); o.start && ok {
		return s.Start(ctx)
	}
	return nil
}

func (o *opened) Cleanup() error {
	if c, ok := o.Plugin.(sdk.Cleaner); ok {
		return c.Cleanup()
	}
	return nil
}

// withHosts returns m allowing extra egress hosts as well.
func withHosts(m sdk.Manifest, extra []string) sdk.Manifest {
	if len(extra) == 0 {
		return m
	}
	m.Permissions.Hosts = append(slices.Clip(m.Permissions.Hosts), extra...)
	return m
}

var (
	_ sdk.Provisioner = (*opened)(nil)
	_ sdk.Validator   = (*opened)(nil)
	_ sdk.Starter     = (*opened)(nil)
	_ sdk.Cleaner     = (*opened)(nil)
)
