package main

import (
	"context"
	"errors"

	"github.com/masteria/masteria/sdk"
)

// maxPrefix bounds the prefix, checked in Validate.
const maxPrefix = 32

// Plugin is one wasm-echo connection. The host may run several instances
// of the module for one connection, so nothing here outlives a call except
// what Provision reads from the config: counters and memories go to KV.
type Plugin struct {
	sdk.Base
	secret []byte
	prefix string
	host   sdk.Host
}

// New makes an unconfigured plugin; it is the plugin's sdk.Factory.
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
		return sdk.Permanent(errors.New("wasm-echo: prefix is longer than 32 bytes"), "")
	}
	return nil
}

// Actions returns the action handlers.
func (p *Plugin) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{
		"wasm_echo.say":       sdk.ActionFunc(p.say),
		"wasm_echo.wait":      sdk.ActionFunc(p.wait),
		"wasm_echo.remember":  sdk.ActionFunc(p.remember),
		"wasm_echo.announce":  sdk.ActionFunc(p.announce),
		"wasm_echo.keep":      sdk.ActionFunc(p.keep),
		"wasm_echo.fetch":     sdk.ActionFunc(p.fetch),
		"wasm_echo.misbehave": sdk.ActionFunc(p.misbehave),
	}
}

// Cleanup releases the connection; the plugin holds nothing.
func (p *Plugin) Cleanup() error { return nil }

var (
	_ sdk.Plugin         = (*Plugin)(nil)
	_ sdk.Provisioner    = (*Plugin)(nil)
	_ sdk.Validator      = (*Plugin)(nil)
	_ sdk.Cleaner        = (*Plugin)(nil)
	_ sdk.Channel        = (*Plugin)(nil)
	_ sdk.WebhookHandler = (*Plugin)(nil)
)
