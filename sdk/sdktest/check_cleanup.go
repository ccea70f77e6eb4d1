package sdktest

import (
	"context"
	"errors"
	"testing"

	"github.com/masteria/masteria/sdk"
)

// probe wraps a plugin to count cleanups and to fail after the plugin's own
// Validate, forwarding every lifecycle call the plugin implements.
type probe struct {
	sdk.Plugin
	failValidate error
	cleanups     int
}

func (p *probe) Provision(ctx context.Context, conn sdk.Connection) error {
	if pr, ok := p.Plugin.(sdk.Provisioner); ok {
		return pr.Provision(ctx, conn)
	}
	return nil
}

func (p *probe) Validate() error {
	if v, ok := p.Plugin.(sdk.Validator); ok {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	return p.failValidate
}

func (p *probe) Start(ctx context.Context) error {
	if s, ok := p.Plugin.(sdk.Starter); ok {
		return s.Start(ctx)
	}
	return nil
}

func (p *probe) Cleanup() error {
	p.cleanups++
	if c, ok := p.Plugin.(sdk.Cleaner); ok {
		return c.Cleanup()
	}
	return nil
}

var errInjected = errors.New("sdktest: failure injected after Validate")

// checkCleanup: Cleanup copes with a plugin never provisioned and with one
// whose open failed after Provision, and sdk.Open calls it in that case.
func (e Env) checkCleanup(t *testing.T) {
	t.Run("never provisioned", func(t *testing.T) {
		if err := guard(func() error { return sdk.Close(e.Factory()) }); err != nil {
			t.Errorf("Cleanup of a plugin that was never provisioned: %v", err)
		}
	})
	t.Run("after failed open", func(t *testing.T) {
		pr := &probe{Plugin: e.Factory(), failValidate: errInjected}
		err := guard(func() error { return sdk.Open(context.Background(), pr, e.Connection(t, e.Options.Config)) })
		var panicked *panicError
		switch {
		case errors.As(err, &panicked):
			t.Fatal(err)
		case !errors.Is(err, errInjected):
			t.Errorf("Open = %v, want the injected failure", err)
		}
		if pr.cleanups != 1 {
			t.Errorf("Cleanup ran %d times after the failed open, want 1", pr.cleanups)
		}
	})
}
