package grpchost

import (
	"context"
	"sync"

	"github.com/masteria/masteria/sdk"
)

// Factory presents the remote plugin as an [sdk.Factory]. Each value it
// makes opens its own connection at Provision (through sdk.Open) and closes
// it at Cleanup, and implements sdk.Channel and sdk.WebhookHandler exactly
// when the manifest declares them. So a subprocess plugin registers in an
// sdk.Registry, and runs through sdktest, like an in-process one.
func (p *Plugin) Factory() sdk.Factory {
	return func() sdk.Plugin {
		a := &adapter{p: p}
		switch channel, hooks := p.manifest.Channel != nil, p.manifest.Webhooks; {
		case channel && hooks:
			return channelWebhookAdapter{a}
		case channel:
			return channelAdapter{a}
		case hooks:
			return webhookAdapter{a}
		}
		return a
	}
}

// adapter is one connection of the remote plugin as an sdk.Plugin.
type adapter struct {
	sdk.Base
	p *Plugin

	mu   sync.Mutex
	conn *Connection
}

func (a *adapter) Manifest() sdk.Manifest { return a.p.manifest }

// Provision opens the connection in the plugin process, where the plugin's
// own Provision, Validate and Start run.
func (a *adapter) Provision(ctx context.Context, conn sdk.Connection) error {
	c, err := a.p.Open(ctx, conn)
	if err != nil {
		return err
	}
	a.mu.Lock()
	a.conn = c
	a.mu.Unlock()
	return nil
}

// Cleanup closes the connection, if it was opened.
func (a *adapter) Cleanup() error {
	a.mu.Lock()
	c := a.conn
	a.conn = nil
	a.mu.Unlock()
	if c == nil {
		return nil
	}
	return c.Close()
}

// Actions returns a handler per declared action, invoking it remotely.
func (a *adapter) Actions() map[string]sdk.Action {
	out := make(map[string]sdk.Action, len(a.p.manifest.Actions))
	for _, spec := range a.p.manifest.Actions {
		out[spec.ID] = sdk.ActionFunc(func(ctx context.Context, in sdk.Input) (sdk.Output, error) {
			return a.connection().Invoke(ctx, spec.ID, in)
		})
	}
	return out
}

func (a *adapter) connection() *Connection {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.conn == nil {
		return &Connection{p: a.p, closed: true} // calls fail: not open
	}
	return a.conn
}

// ValidateConnection checks conn's config in the plugin process (its
// Provision and Validate) without opening the connection.
func (a *adapter) ValidateConnection(ctx context.Context, conn sdk.Connection) error {
	return a.p.Validate(ctx, conn)
}

// Check tests the connection against its provider in the plugin process.
func (a *adapter) Check(ctx context.Context) error { return a.connection().Check(ctx) }

// ConnectWebhooks points the provider's webhooks at webhookURL in the
// plugin process.
func (a *adapter) ConnectWebhooks(ctx context.Context, webhookURL string) (sdk.WebhookConnection, error) {
	return a.connection().ConnectWebhooks(ctx, webhookURL)
}

func (a *adapter) send(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	return a.connection().Send(ctx, msg)
}

func (a *adapter) handleWebhook(ctx context.Context, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	return a.connection().HandleWebhook(ctx, req)
}

type channelAdapter struct{ *adapter }

func (a channelAdapter) Send(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	return a.send(ctx, msg)
}

type webhookAdapter struct{ *adapter }

func (a webhookAdapter) HandleWebhook(ctx context.Context, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	return a.handleWebhook(ctx, req)
}

type channelWebhookAdapter struct{ *adapter }

func (a channelWebhookAdapter) Send(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	return a.send(ctx, msg)
}

func (a channelWebhookAdapter) HandleWebhook(ctx context.Context, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	return a.handleWebhook(ctx, req)
}

var (
	_ sdk.Provisioner      = (*adapter)(nil)
	_ sdk.Cleaner          = (*adapter)(nil)
	_ sdk.Checker          = (*adapter)(nil)
	_ sdk.WebhookConnector = (*adapter)(nil)
	_ sdk.Channel          = channelAdapter{}
	_ sdk.WebhookHandler   = webhookAdapter{}
	_ sdk.Channel          = channelWebhookAdapter{}
	_ sdk.WebhookHandler   = channelWebhookAdapter{}
)
