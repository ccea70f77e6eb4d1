package grpchost

import (
	"context"
	"fmt"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/grpcplugin"
)

// Invoke runs action actionID. An action the manifest does not declare
// fails permanent without reaching the plugin.
func (c *Connection) Invoke(ctx context.Context, actionID string, in sdk.Input) (sdk.Output, error) {
	if _, ok := c.p.manifest.Action(actionID); !ok {
		return sdk.Output{}, sdk.Permanent(fmt.Errorf("grpchost: plugin %q declares no action %q", c.p.manifest.ID, actionID), "")
	}
	var out sdk.Output
	err := c.call(ctx, func(r *grpcplugin.Remote) (err error) {
		out, err = r.Invoke(ctx, c.conn.ID, actionID, in)
		return err
	})
	return out, err
}

// Send delivers msg through a channel plugin.
func (c *Connection) Send(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	if c.p.manifest.Channel == nil {
		return sdk.SendResult{}, sdk.Permanent(fmt.Errorf("grpchost: plugin %q is not a channel", c.p.manifest.ID), "")
	}
	var res sdk.SendResult
	err := c.call(ctx, func(r *grpcplugin.Remote) (err error) {
		res, err = r.Send(ctx, c.conn.ID, msg)
		return err
	})
	return res, err
}

// Check tests the connection against its provider in the plugin process
// (sdk.Checker); a plugin without a check answers nil.
func (c *Connection) Check(ctx context.Context) error {
	return c.call(ctx, func(r *grpcplugin.Remote) error { return r.Check(ctx, c.conn.ID) })
}

// ConnectWebhooks has the plugin process point the provider's webhooks at
// webhookURL (sdk.WebhookConnector); a plugin without the capability fails
// wrapping sdk.ErrNotSupported.
func (c *Connection) ConnectWebhooks(ctx context.Context, webhookURL string) (sdk.WebhookConnection, error) {
	var got sdk.WebhookConnection
	err := c.call(ctx, func(r *grpcplugin.Remote) (err error) {
		got, err = r.ConnectWebhooks(ctx, c.conn.ID, webhookURL)
		return err
	})
	return got, err
}

// HandleWebhook hands a provider request to the plugin. Events whose subject
// the manifest does not declare are dropped and logged.
func (c *Connection) HandleWebhook(ctx context.Context, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	if !c.p.manifest.Webhooks {
		return sdk.WebhookResponse{}, nil, sdk.Permanent(fmt.Errorf("grpchost: plugin %q handles no webhooks", c.p.manifest.ID), "")
	}
	var resp sdk.WebhookResponse
	var events []sdk.Event
	err := c.call(ctx, func(r *grpcplugin.Remote) (err error) {
		resp, events, err = r.HandleWebhook(ctx, c.conn.ID, req)
		return err
	})
	check := declaredEvents{manifest: c.p.manifest}
	kept := events[:0]
	for _, ev := range events {
		if err := check.check(ev.Subject); err != nil {
			c.p.opts.Log.Warn("dropping webhook event", "connection", c.conn.ID, "err", err)
			continue
		}
		kept = append(kept, ev)
	}
	return resp, kept, err
}
