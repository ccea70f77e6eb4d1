package wasm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/wasm/abi"
)

// guest is the plugin side of the ABI: one module instance serving one
// connection. Its entry methods take an export's input and return its
// status and output; exports.go binds them to go:wasmexport functions and
// stub_abi.go calls them natively.
type guest struct {
	factory sdk.Factory
	imports hostImports
	plugin  sdk.Plugin // nil until provisioned
	actions map[string]servedAction
	inputs  abi.InputNames // the declared inputs of actions
}

// servedAction is an action of the provisioned plugin with its manifest
// entry and input field names, read once.
type servedAction struct {
	spec   sdk.ActionSpec
	action sdk.Action
	inputs []string
}

// entryFunc is the shape of every entry export.
type entryFunc func(ctx context.Context, in []byte) (status uint32, out []byte)

// entry returns the method serving an entry export, or nil.
func (g *guest) entry(export string) entryFunc {
	return map[string]entryFunc{
		abi.ExportDescribe: g.describe, abi.ExportProvision: g.provision, abi.ExportInvoke: g.invoke,
		abi.ExportSend: g.send, abi.ExportHandleWebhook: g.handleWebhook, abi.ExportCleanup: g.cleanup,
	}[export]
}

var (
	errNotServed = sdk.Permanent(errors.New("wasm: no plugin registered: call wasm.Serve from an init function"), "")
	errNotOpen   = sdk.Permanent(errors.New("wasm: the connection is not provisioned"), "")
)

func (g *guest) describe(context.Context, []byte) (uint32, []byte) {
	if g.factory == nil {
		return fail(errNotServed)
	}
	return g.protect(func() (uint32, []byte) { return ok(g.factory().Manifest()) })
}

func (g *guest) provision(ctx context.Context, in []byte) (uint32, []byte) {
	var req abi.Provision
	switch {
	case g.factory == nil:
		return fail(errNotServed)
	case g.plugin != nil:
		return fail(sdk.Permanent(errors.New("wasm: the connection is already provisioned"), ""))
	case abi.Unmarshal(in, &req) != nil:
		return fail(invalidInput(abi.ExportProvision))
	}
	return g.protect(func() (uint32, []byte) {
		p := g.factory()
		cfg, err := p.Manifest().Config.Parse(req.Config)
		if err != nil {
			return fail(sdk.Permanent(fmt.Errorf("config: %w", err), ""))
		}
		conn := sdk.Connection{ID: req.ConnectionID, Config: cfg, Host: newHost(g.imports), WebhookURL: req.WebhookURL}
		if err := sdk.Open(ctx, widen(p, req.AllowHosts), conn); err != nil {
			return fail(err)
		}
		g.plugin = p
		g.serve(p.Manifest().Actions, p.Actions())
		return ok(struct{}{})
	})
}

// serve keeps the actions the plugin both declares and serves.
func (g *guest) serve(specs []sdk.ActionSpec, actions map[string]sdk.Action) {
	g.actions = map[string]servedAction{}
	for _, spec := range specs {
		if a := actions[spec.ID]; a != nil {
			names := make([]string, len(spec.Input))
			for i, f := range spec.Input {
				names[i] = f.Name()
			}
			g.actions[spec.ID] = servedAction{spec: spec, action: a, inputs: names}
		}
	}
	g.inputs = func(action string) ([]string, bool) {
		a, ok := g.actions[action]
		return a.inputs, ok
	}
}

func (g *guest) invoke(ctx context.Context, in []byte) (uint32, []byte) {
	if g.plugin == nil {
		return fail(errNotOpen)
	}
	req, input, err := g.decodeInvoke(in)
	if err != nil {
		return fail(err)
	}
	a := g.actions[req.Action].action
	input.IdempotencyKey, input.RunID, input.StepID = req.IdempotencyKey, req.RunID, req.StepID
	return g.protect(func() (uint32, []byte) {
		out, err := a.Invoke(ctx, input)
		if err != nil {
			return fail(err)
		}
		if out.Values == nil {
			out.Values = map[string]any{}
		}
		return ok(out.Values)
	})
}

// decodeInvoke decodes an invoke's input and parses it for its action:
// by declaration (no map) when the slot decoder takes it, else through a
// map, which also reports what is wrong with it. The input is this call's
// alone, so it is parsed in place.
func (g *guest) decodeInvoke(in []byte) (abi.Invoke, sdk.Input, error) {
	if req, slots, ok := abi.DecodeInvokeSlots(in, g.inputs); ok {
		input, err := g.actions[req.Action].spec.ParseSlotInput(slots)
		if err != nil {
			err = sdk.Permanent(fmt.Errorf("%s input: %w", req.Action, err), "")
		}
		return req, input, err
	}
	req, err := abi.DecodeInvoke(in)
	if err != nil {
		return req, sdk.Input{}, invalidInput(abi.ExportInvoke)
	}
	a, served := g.actions[req.Action]
	if !served {
		return req, sdk.Input{}, sdk.Permanent(fmt.Errorf("wasm: no action %q", req.Action), "")
	}
	input, err := a.spec.ParseOwnedInput(req.Input)
	if err != nil {
		err = sdk.Permanent(fmt.Errorf("%s input: %w", req.Action, err), "")
	}
	return req, input, err
}

func (g *guest) send(ctx context.Context, in []byte) (uint32, []byte) {
	ch, isChannel := g.plugin.(sdk.Channel)
	var msg sdk.OutboundMessage
	switch {
	case !isChannel:
		return fail(sdk.Permanent(errors.New("wasm: the plugin is not an open channel"), ""))
	case json.Unmarshal(in, &msg) != nil:
		return fail(invalidInput(abi.ExportSend))
	}
	return g.protect(func() (uint32, []byte) { return result(ch.Send(ctx, msg)) })
}

func (g *guest) handleWebhook(ctx context.Context, in []byte) (uint32, []byte) {
	h, handles := g.plugin.(sdk.WebhookHandler)
	var req sdk.WebhookRequest
	switch {
	case !handles:
		return fail(sdk.Permanent(errors.New("wasm: the plugin does not handle webhooks or is not open"), ""))
	case json.Unmarshal(in, &req) != nil:
		return fail(invalidInput(abi.ExportHandleWebhook))
	}
	return g.protect(func() (uint32, []byte) {
		resp, events, err := h.HandleWebhook(ctx, req)
		if err != nil {
			return fail(err)
		}
		res := abi.WebhookResult{Response: resp, Events: make([]abi.Event, len(events))}
		for i, e := range events {
			payload, err := json.Marshal(e.Payload)
			if err != nil {
				return fail(sdk.Permanent(fmt.Errorf("event %q payload does not marshal: %w", e.Subject, err), ""))
			}
			res.Events[i] = abi.Event{Subject: e.Subject, ID: e.ID, Payload: payload}
		}
		return ok(res)
	})
}

// cleanup closes the connection; it is a no-op when none is open.
func (g *guest) cleanup(context.Context, []byte) (uint32, []byte) {
	p := g.plugin
	g.plugin, g.actions, g.inputs = nil, nil, nil
	if p == nil {
		return ok(struct{}{})
	}
	return g.protect(func() (uint32, []byte) { return result(struct{}{}, sdk.Close(p)) })
}

func invalidInput(export string) error {
	return sdk.Permanent(fmt.Errorf("%w: %s: undecodable input", abi.ErrInvalid, export), "")
}

func ok(v any) (uint32, []byte) {
	b, err := abi.AppendValue(resultBuffer(), v)
	if err != nil {
		return fail(sdk.Permanent(fmt.Errorf("wasm: result does not marshal: %w", err), ""))
	}
	return abi.StatusOK, b
}

func fail(err error) (uint32, []byte) { return abi.StatusError, abi.ErrorOf(err).Marshal() }

func result[T any](v T, err error) (uint32, []byte) {
	if err != nil {
		return fail(err)
	}
	return ok(v)
}

// protect turns a panic in plugin code into an error, so the instance
// survives it; the stack goes to the host's log.
func (g *guest) protect(f func() (uint32, []byte)) (status uint32, out []byte) {
	defer func() {
		if v := recover(); v != nil {
			if g.imports != nil {
				logger{g.imports}.Error("plugin panicked", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			}
			status, out = fail(fmt.Errorf("wasm: plugin panicked: %v", v))
		}
	}()
	return f()
}
