package plugin

import (
	"context"
	"errors"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// ConnectionValidator is implemented by plugin values that check a
// connection's config without opening it: grpchost's adapter has the
// plugin process run Provision and Validate (its Validate call), where the
// plugin's own rules live. Other plugins are provisioned and validated in
// place, then cleaned up.
type ConnectionValidator interface {
	ValidateConnection(ctx context.Context, conn sdk.Connection) error
}

// validateTimeout bounds the plugin's check of a new or changed config.
const validateTimeout = 10 * time.Second

// validate runs the plugin's Provision and Validate on c's config, without
// starting it, so a config the plugin would refuse is refused when it is
// saved. Field errors name config fields; other refusals are the plugin's
// words; a plugin that cannot answer makes the save fail as unavailable.
func (m *Manager) validate(ctx context.Context, c store.Connection) error {
	m.mu.Lock()
	f, ok := m.factories[c.PluginID]
	m.mu.Unlock()
	if !ok {
		return apperr.Fields("unknown plugin", map[string]string{"plugin_id": "no plugin with this ID is installed"})
	}
	man := f().Manifest()
	conn, err := m.connection(c, man)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, validateTimeout)
	defer cancel()
	p := f()
	if v, ok := p.(ConnectionValidator); ok {
		return refusal(man, v.ValidateConnection(ctx, conn), false)
	}
	if err = sdk.Open(ctx, unstarted{p}, conn); err == nil {
		err = sdk.Close(p)
	}
	return refusal(man, err, true)
}

// refusal turns a plugin's verdict on a config into the API's error. A
// remote plugin's retryable error is the call failing (the process
// restarting), not a verdict; in place every error is one.
func refusal(man sdk.Manifest, err error, inPlace bool) error {
	if err == nil {
		return nil
	}
	var fes sdk.FieldErrors
	if errors.As(err, &fes) {
		fields := make(map[string]apperr.Field, len(fes))
		for _, fe := range fes {
			fields["config."+fe.Path] = configProblem(fe)
		}
		return configInvalid(fields)
	}
	if class, _, _ := sdk.ClassOf(err); inPlace || class == sdk.ClassPermanent || class == sdk.ClassAuth {
		return apperr.New(apperr.Invalid, "the connection's configuration is invalid: %s", err).
			Because(apperr.ConnectionInvalid, apperr.P{"detail": err.Error()})
	}
	return apperr.New(apperr.Unavailable, "the %s plugin could not check this configuration now: try again", man.ID).
		Because(apperr.PluginUnavailable, apperr.P{"plugin": man.ID})
}

// unstarted is a plugin opened for a dry run: Provision and Validate run,
// Start does not.
type unstarted struct{ sdk.Plugin }

func (u unstarted) Provision(ctx context.Context, conn sdk.Connection) error {
	if p, ok := u.Plugin.(sdk.Provisioner); ok {
		return p.Provision(ctx, conn)
	}
	return nil
}

func (u unstarted) Validate() error {
	if v, ok := u.Plugin.(sdk.Validator); ok {
		return v.Validate()
	}
	return nil
}

func (u unstarted) Cleanup() error {
	if c, ok := u.Plugin.(sdk.Cleaner); ok {
		return c.Cleanup()
	}
	return nil
}

var (
	_ sdk.Provisioner = unstarted{}
	_ sdk.Validator   = unstarted{}
	_ sdk.Cleaner     = unstarted{}
)
