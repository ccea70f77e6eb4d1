package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/sdk"
)

// callRequest and callReply are the action service's wire format.
type callRequest struct {
	TenantID       string         `json:"tenant_id"`
	Input          map[string]any `json:"input"`
	IdempotencyKey string         `json:"idempotency_key"`
}

type callReply struct {
	Output map[string]any `json:"output,omitempty"`
	Error  *wireError     `json:"error,omitempty"`
}

type wireError struct {
	Class        string `json:"class"`
	RetryAfterMS int64  `json:"retry_after_ms,omitempty"`
	ProviderCode string `json:"provider_code,omitempty"`
	Message      string `json:"message"`
}

// QueueGroup shares action calls among every instance serving them.
const QueueGroup = "masteria-actions"

// maxServedCalls bounds the action calls one instance runs at once; past
// it, calls wait in the bus client's pending queue.
const maxServedCalls = 1024

// ServeActions serves every registered action on the bus as a NATS
// request/reply service in one queue group, so any core instance can call
// an action served by any plugin host. Each call runs on its own
// goroutine: the bus client delivers a subscription's messages one at a
// time, and one slow call (a provider taking seconds to answer) must not
// hold up the others. It returns when ctx ends.
func (m *Manager) ServeActions(ctx context.Context, b *bus.Bus) error {
	var subs []*nats.Subscription
	defer func() {
		for _, s := range subs {
			_ = s.Drain()
		}
	}()
	running := make(chan struct{}, maxServedCalls)
	for _, man := range m.Manifests() {
		for _, a := range man.Actions {
			actionID := a.ID
			sub, err := b.NC.QueueSubscribe(b.ActionCall(actionID), QueueGroup, func(msg *nats.Msg) {
				running <- struct{}{}
				go func() {
					defer func() { <-running }()
					m.serveCall(ctx, actionID, msg)
				}()
			})
			if err != nil {
				return fmt.Errorf("serve %s: %w", actionID, err)
			}
			subs = append(subs, sub)
		}
	}
	<-ctx.Done()
	return nil
}

func (m *Manager) serveCall(ctx context.Context, actionID string, msg *nats.Msg) {
	var req callRequest
	var reply callReply
	if err := json.Unmarshal(msg.Data, &req); err != nil {
		reply.Error = toWire(sdk.Permanent(fmt.Errorf("malformed call: %w", err), ""))
	} else if out, err := m.InvokeAction(ctx, req.TenantID, actionID, req.Input, req.IdempotencyKey); err != nil {
		reply.Error = toWire(err)
	} else {
		reply.Output = out
	}
	raw, _ := json.Marshal(reply)
	_ = msg.Respond(raw)
}

// BusInvoker calls plugin actions through the bus (the engine's
// PluginInvoker when plugins run on other instances, or to share them).
type BusInvoker struct {
	Bus     *bus.Bus
	Timeout time.Duration // per call, default 60s
}

// InvokeAction sends the call and decodes the reply; no responder is a
// retryable error (a plugin host may be restarting).
func (b BusInvoker) InvokeAction(ctx context.Context, tenantID, actionID string, input map[string]any, key string) (map[string]any, error) {
	raw, err := json.Marshal(callRequest{TenantID: tenantID, Input: input, IdempotencyKey: key})
	if err != nil {
		return nil, sdk.Permanent(err, "")
	}
	timeout := b.Timeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	msg, err := b.Bus.Request(ctx, b.Bus.ActionCall(actionID), raw)
	if errors.Is(err, nats.ErrNoResponders) {
		return nil, sdk.Retryable(fmt.Errorf("no plugin host serves %s right now", actionID), 5*time.Second)
	}
	if err != nil {
		return nil, sdk.Retryable(err, 0)
	}
	var reply callReply
	if err := json.Unmarshal(msg.Data, &reply); err != nil {
		return nil, sdk.Retryable(fmt.Errorf("malformed reply: %w", err), 0)
	}
	if reply.Error != nil {
		return nil, fromWire(reply.Error)
	}
	return reply.Output, nil
}

func toWire(err error) *wireError {
	class, after, code := sdk.ClassOf(err)
	return &wireError{Class: class.String(), RetryAfterMS: after.Milliseconds(), ProviderCode: code, Message: err.Error()}
}

func fromWire(w *wireError) error {
	err := errors.New(w.Message)
	after := time.Duration(w.RetryAfterMS) * time.Millisecond
	switch w.Class {
	case "rate_limited":
		return sdk.RateLimited(err, after)
	case "permanent":
		return sdk.Permanent(err, w.ProviderCode)
	case "auth":
		return sdk.Auth(err)
	}
	return sdk.Retryable(err, after)
}
