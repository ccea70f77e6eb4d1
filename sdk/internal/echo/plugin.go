package echo

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/masteria/masteria/sdk"
)

// maxPrefix bounds the prefix, checked in Validate.
const maxPrefix = 32

// Plugin is one echo connection.
type Plugin struct {
	sdk.Base
	secret []byte
	prefix string
	host   sdk.Host
	sent   atomic.Int64 // numbers provider message IDs
	closed atomic.Bool
}

// New makes an unconfigured echo plugin; it is the plugin's sdk.Factory.
func New() sdk.Plugin { return &Plugin{} }

// Manifest describes the plugin.
func (*Plugin) Manifest() sdk.Manifest { return manifest }

// Provision reads the connection's config and keeps its host services.
func (p *Plugin) Provision(_ context.Context, conn sdk.Connection) error {
	p.secret = []byte(conn.Config.String("signing_secret"))
	p.prefix = conn.Config.String("prefix")
	p.host = conn.Host
	return conn.Config.Err()
}

// Validate checks what the schema cannot.
func (p *Plugin) Validate() error {
	if len(p.prefix) > maxPrefix {
		return sdk.Permanent(errors.New("echo: prefix is longer than 32 bytes"), "")
	}
	return nil
}

// Actions returns the action handlers.
func (p *Plugin) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{
		"echo.say":  sdk.ActionFunc(p.say),
		"echo.wait": sdk.ActionFunc(p.wait),
	}
}

// Cleanup releases the connection; it holds nothing, so it only records it.
func (p *Plugin) Cleanup() error {
	p.closed.Store(true)
	return nil
}

var (
	_ sdk.Plugin         = (*Plugin)(nil)
	_ sdk.Provisioner    = (*Plugin)(nil)
	_ sdk.Validator      = (*Plugin)(nil)
	_ sdk.Cleaner        = (*Plugin)(nil)
	_ sdk.Channel        = (*Plugin)(nil)
	_ sdk.WebhookHandler = (*Plugin)(nil)
)
