package abi

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/masteria/masteria/sdk"
)

// Transport carries the entry calls of one connection to its guest. The
// host runs it over a pool of wazero instances; the guest SDK's native stub
// calls the guest's dispatch directly.
type Transport interface {
	// Open starts the connection's guest with these host services and
	// runs [ExportProvision] with req, returning the guest's error. The
	// transport may add to req, such as the operator's AllowHosts.
	Open(ctx context.Context, host sdk.Host, req Provision) error
	// Call runs one entry export. An error means the call did not finish
	// (the guest crashed or ran out of time); otherwise status and output
	// are the guest's answer, see [Result].
	Call(ctx context.Context, export string, input []byte) (status uint32, output []byte, err error)
	// Close runs [ExportCleanup] and releases the guest. It is a no-op
	// before Open.
	Close() error
}

// NewPlugin presents a guest described by m as an sdk.Plugin, so hosts
// and sdktest treat it like any other plugin. The value implements
// sdk.Channel and sdk.WebhookHandler exactly when m declares them.
func NewPlugin(m sdk.Manifest, t Transport) sdk.Plugin {
	p := &guestPlugin{manifest: m, transport: t}
	switch {
	case m.Channel != nil && m.Webhooks:
		return &channelWebhookPlugin{p}
	case m.Channel != nil:
		return &channelPlugin{p}
	case m.Webhooks:
		return &webhookPlugin{p}
	}
	return p
}

// guestPlugin forwards every plugin call to the guest.
type guestPlugin struct {
	sdk.Base
	manifest  sdk.Manifest
	transport Transport
}

func (p *guestPlugin) Manifest() sdk.Manifest { return p.manifest }

// Provision opens the guest with the connection's config and services.
func (p *guestPlugin) Provision(ctx context.Context, conn sdk.Connection) error {
	req := Provision{ConnectionID: conn.ID, Config: Values(p.manifest.Config, conn.Config), WebhookURL: conn.WebhookURL}
	return p.transport.Open(ctx, conn.Host, req)
}

// Cleanup closes the guest.
func (p *guestPlugin) Cleanup() error { return p.transport.Close() }

// Actions returns a handler per declared action.
func (p *guestPlugin) Actions() map[string]sdk.Action {
	out := make(map[string]sdk.Action, len(p.manifest.Actions))
	for _, spec := range p.manifest.Actions {
		out[spec.ID] = sdk.ActionFunc(func(ctx context.Context, in sdk.Input) (sdk.Output, error) {
			return p.invoke(ctx, spec, in)
		})
	}
	return out
}

func (p *guestPlugin) invoke(ctx context.Context, spec sdk.ActionSpec, in sdk.Input) (sdk.Output, error) {
	b, err := EncodeInvokeOf(spec, in)
	if err != nil {
		return sdk.Output{}, sdk.Permanent(fmt.Errorf("%s: input does not marshal: %w", ExportInvoke, err), "")
	}
	out, err := p.callEncoded(ctx, ExportInvoke, b)
	if err != nil {
		return sdk.Output{}, err
	}
	values, err := DecodeValues(out)
	if err != nil {
		return sdk.Output{}, undecodable(spec.ID, err)
	}
	return sdk.Output{Values: values}, nil
}

func (p *guestPlugin) send(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	var res sdk.SendResult
	out, err := p.call(ctx, ExportSend, msg)
	if err == nil {
		if err = json.Unmarshal(out, &res); err != nil {
			err = undecodable("send", err)
		}
	}
	return res, err
}

func (p *guestPlugin) handleWebhook(ctx context.Context, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	out, err := p.call(ctx, ExportHandleWebhook, req)
	if err != nil {
		return sdk.WebhookResponse{}, nil, err
	}
	var res WebhookResult
	if err := json.Unmarshal(out, &res); err != nil {
		return sdk.WebhookResponse{}, nil, undecodable("handle_webhook", err)
	}
	events := make([]sdk.Event, len(res.Events))
	for i, e := range res.Events {
		events[i] = sdk.Event{Subject: e.Subject, ID: e.ID, Payload: e.Payload}
	}
	return res.Response, events, nil
}

// call marshals in, runs export and returns the guest's output or error.
func (p *guestPlugin) call(ctx context.Context, export string, in any) ([]byte, error) {
	b, err := json.Marshal(in)
	if err != nil {
		return nil, sdk.Permanent(fmt.Errorf("%s: input does not marshal: %w", export, err), "")
	}
	return p.callEncoded(ctx, export, b)
}

// callEncoded runs export with its input as JSON.
func (p *guestPlugin) callEncoded(ctx context.Context, export string, b []byte) ([]byte, error) {
	status, out, err := p.transport.Call(ctx, export, b)
	if err != nil {
		return nil, err
	}
	if err := Result(status, out); err != nil {
		return nil, err
	}
	return out, nil
}

func undecodable(what string, err error) error {
	return sdk.Permanent(fmt.Errorf("%w: %s: undecodable result from the guest: %v", ErrInvalid, what, err), "")
}

type channelPlugin struct{ *guestPlugin }

// Send forwards to the guest's Send.
func (p *channelPlugin) Send(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	return p.send(ctx, msg)
}

type webhookPlugin struct{ *guestPlugin }

// HandleWebhook forwards to the guest's HandleWebhook.
func (p *webhookPlugin) HandleWebhook(ctx context.Context, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	return p.handleWebhook(ctx, req)
}

type channelWebhookPlugin struct{ *guestPlugin }

// Send forwards to the guest's Send.
func (p *channelWebhookPlugin) Send(ctx context.Context, msg sdk.OutboundMessage) (sdk.SendResult, error) {
	return p.send(ctx, msg)
}

// HandleWebhook forwards to the guest's HandleWebhook.
func (p *channelWebhookPlugin) HandleWebhook(ctx context.Context, req sdk.WebhookRequest) (sdk.WebhookResponse, []sdk.Event, error) {
	return p.handleWebhook(ctx, req)
}

var (
	_ sdk.Provisioner    = (*guestPlugin)(nil)
	_ sdk.Cleaner        = (*guestPlugin)(nil)
	_ sdk.Channel        = (*channelPlugin)(nil)
	_ sdk.WebhookHandler = (*webhookPlugin)(nil)
	_ sdk.Channel        = (*channelWebhookPlugin)(nil)
	_ sdk.WebhookHandler = (*channelWebhookPlugin)(nil)
)
