package grpchost

import (
	"context"
	"fmt"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/grpcplugin"
)

// served is what the host serves a connection: h limited to the manifest's
// permissions, with egress through the guarded client and events limited to
// the declared subjects.
func (p *Plugin) served(h sdk.Host) sdk.Host {
	perms := p.manifest.Permissions
	s := perms.Restrict(h)
	if perms.Allows(sdk.ServiceHTTP) {
		s.HTTP = p.egress
	}
	if perms.Allows(sdk.ServiceEvents) && h.Events != nil {
		s.Events = declaredEvents{next: s.Events, manifest: p.manifest}
	}
	return s
}

func (p *Plugin) connectOptions() grpcplugin.ConnectOptions {
	return grpcplugin.ConnectOptions{ExtraHosts: p.opts.ExtraHosts}
}

// declaredEvents refuses subjects the manifest does not declare.
type declaredEvents struct {
	next     sdk.Events
	manifest sdk.Manifest
}

func (d declaredEvents) Emit(ctx context.Context, subject string, payload any, msgID string) error {
	if err := d.check(subject); err != nil {
		return err
	}
	return d.next.Emit(ctx, subject, payload, msgID)
}

func (d declaredEvents) check(subject string) error {
	if _, ok := d.manifest.Event(subject); !ok {
		return sdk.Permanent(fmt.Errorf("%w: plugin %q may not emit %q, which its manifest does not declare",
			sdk.ErrNotPermitted, d.manifest.ID, subject), "")
	}
	return nil
}
