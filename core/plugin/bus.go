package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/plugin/grpchost"
	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/grpcplugin"
)

// callRequest and callReply are the action service's wire format.
type callRequest struct {
	TenantID       string         `json:"tenant_id"`
	Input          map[string]any `json:"input"`
	IdempotencyKey string         `json:"idempotency_key"`
	// DeadlineMS is when the caller stops waiting (Unix ms); the call is
	// cancelled then, so a call nobody waits for frees its worker.
	DeadlineMS int64 `json:"deadline_ms,omitempty"`
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
	// Unavailable says the call never reached the serving instance's
	// plugin (grpchost.ErrNotDelivered), so another instance may serve it:
	// "plugin" when the plugin process is down there, "connection" when
	// only this connection is not open in it.
	Unavailable string `json:"unavailable,omitempty"`
}

// QueueGroup shares action calls among every instance serving them.
const QueueGroup = "masteria-actions"

// ServeActions serves every registered action on the bus as a NATS
// request/reply service in one queue group, so any core instance can call
// an action served by any plugin host. With a Roster it also serves each
// action on this instance's own subject, where callers send the calls of
// the connections it owns, and announces them. Calls run on a pool of
// goroutines (see callPool), so a slow call (a provider taking seconds to
// answer) never holds up the others. It returns when ctx ends, having said
// goodbye first.
func (m *Manager) ServeActions(ctx context.Context, b *bus.Bus) error {
	pool := &callPool{m: m, calls: make(chan *nats.Msg, callQueue), actions: map[string]string{}, own: map[string]bool{}}
	var subs []*nats.Subscription
	defer func() {
		if m.Roster != nil {
			m.Roster.Leave()
		}
		for _, s := range subs {
			_ = s.Drain()
		}
	}()
	var offered []string
	for _, man := range m.Manifests() {
		for _, a := range man.Actions {
			subject := b.ActionCall(a.ID)
			pool.actions[subject] = a.ID
			sub, err := b.NC.ChanQueueSubscribe(subject, QueueGroup, pool.calls)
			if err != nil {
				return fmt.Errorf("serve %s: %w", a.ID, err)
			}
			subs = append(subs, sub)
			if m.Roster == nil {
				continue
			}
			own := b.HostCall(m.Roster.ID, a.ID)
			pool.actions[own], pool.own[own] = a.ID, true
			if sub, err = b.NC.ChanSubscribe(own, pool.calls); err != nil {
				return fmt.Errorf("serve %s: %w", a.ID, err)
			}
			subs = append(subs, sub)
			offered = append(offered, a.ID)
		}
	}
	for range minIdleWorkers {
		pool.grow(ctx)
	}
	if m.Roster != nil {
		// Callers may route here once the server has the subscriptions. A
		// flush that fails (NATS reconnecting) is no reason to stop: the
		// client resends the subscriptions when it is back.
		if err := b.NC.Flush(); err != nil {
			m.Log.Warn("plugin actions: bus not flushed before announcing them", "err", err)
		}
		m.Roster.Offer(func() []string { return m.servingActions(offered) })
	}
	<-ctx.Done()
	return nil
}

func (m *Manager) serveCall(ctx context.Context, actionID string, own bool, msg *nats.Msg) {
	var req callRequest
	var reply callReply
	if own && m.elsewhere(actionID) {
		reply.Error = &wireError{Class: sdk.ClassRetryable.String(), Unavailable: "plugin",
			Message: fmt.Sprintf("the plugin serving %s is restarting on instance %s", actionID, m.Roster.ID)}
	} else if err := json.Unmarshal(msg.Data, &req); err != nil {
		reply.Error = toWire(sdk.Permanent(fmt.Errorf("malformed call: %w", err), ""))
	} else if out, err := m.invokeUntil(ctx, req, actionID); err != nil {
		reply.Error = toWire(err)
	} else {
		reply.Output = out
	}
	raw, _ := json.Marshal(reply)
	_ = msg.Respond(raw)
}

// elsewhere reports whether a call for actionID that came to this
// instance's own subject should go to another instance at once: this
// instance's plugin for it is not serving (its subprocess restarting), and
// another live instance serves it. The caller routed here before this
// instance's next beat said so; without this it would wait for the
// restart (up to ReadyTimeout). With no other instance, the call waits
// for the restart here, as before.
func (m *Manager) elsewhere(actionID string) bool {
	if m.Roster == nil || len(m.servingActions([]string{actionID})) == 1 {
		return false
	}
	for _, id := range m.Roster.Live(actionID) {
		if id != m.Roster.ID {
			return true
		}
	}
	return false
}

func (m *Manager) invokeUntil(ctx context.Context, req callRequest, actionID string) (map[string]any, error) {
	if req.DeadlineMS > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, time.UnixMilli(req.DeadlineMS))
		defer cancel()
	}
	return m.InvokeAction(ctx, req.TenantID, actionID, req.Input, req.IdempotencyKey)
}

// BusInvoker calls plugin actions through the bus (the engine's
// PluginInvoker when plugins run on other instances, or to share them).
// With a Roster and a Key, a connection's calls go to its owner instance
// (see Roster); without, to whichever instance the queue group picks.
type BusInvoker struct {
	Bus     *bus.Bus
	Timeout time.Duration // per call, default 60s
	Roster  *Roster
	// Key names the call's connection ("" when it cannot tell: the call
	// then goes to the queue group).
	Key func(ctx context.Context, tenantID, actionID string, input map[string]any) string
}

// InvokeAction sends the call and decodes the reply; no responder is a
// retryable error (a plugin host may be restarting).
func (b BusInvoker) InvokeAction(ctx context.Context, tenantID, actionID string, input map[string]any, key string) (map[string]any, error) {
	timeout := b.Timeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	deadline, _ := ctx.Deadline()
	raw, err := json.Marshal(callRequest{TenantID: tenantID, Input: input, IdempotencyKey: key, DeadlineMS: deadline.UnixMilli()})
	if err != nil {
		return nil, sdk.Permanent(err, "")
	}
	conn := b.connection(ctx, tenantID, actionID, input)
	owner := b.owner(actionID, conn, "")
	reply, err := b.call(ctx, actionID, owner, raw)
	if owner != "" {
		switch {
		case errors.Is(err, nats.ErrNoResponders), err == nil && reply.Error != nil && reply.Error.Unavailable == "plugin":
			// The owner is gone, or its plugin is down: shun it (its other
			// connections move too), and try the connection's next instance.
			b.Roster.Shun(owner)
			reply, err = b.call(ctx, actionID, b.owner(actionID, conn, ""), raw)
		case err == nil && reply.Error != nil && reply.Error.Unavailable == "connection":
			// Only this connection is not open there: this call alone goes
			// to the next instance.
			reply, err = b.call(ctx, actionID, b.owner(actionID, conn, owner), raw)
		}
	}
	if errors.Is(err, nats.ErrNoResponders) {
		return nil, sdk.Retryable(fmt.Errorf("no plugin host serves %s right now", actionID), 5*time.Second)
	}
	if err != nil {
		return nil, err
	}
	if reply.Error != nil {
		return nil, fromWire(reply.Error)
	}
	return reply.Output, nil
}

// connection names the call's connection, "" when there is no roster or
// it cannot be told.
func (b BusInvoker) connection(ctx context.Context, tenantID, actionID string, input map[string]any) string {
	if b.Roster == nil || b.Key == nil {
		return ""
	}
	return b.Key(ctx, tenantID, actionID, input)
}

// owner names the instance, other than skip, that should serve a call for
// conn: its owner, or "" for the queue group (no connection, or no
// instance known).
func (b BusInvoker) owner(actionID, conn, skip string) string {
	if conn == "" {
		return ""
	}
	id, _ := b.Roster.Owner(actionID, conn, skip)
	return id
}

// call sends the request to owner's subject, or to the queue group, and
// decodes the reply. nats.ErrNoResponders comes back as it is.
func (b BusInvoker) call(ctx context.Context, actionID, owner string, raw []byte) (callReply, error) {
	subject := b.Bus.ActionCall(actionID)
	if owner != "" {
		subject = b.Bus.HostCall(owner, actionID)
	}
	var reply callReply
	msg, err := b.Bus.Request(ctx, subject, raw)
	if errors.Is(err, nats.ErrNoResponders) {
		return reply, err
	}
	if err != nil {
		return reply, sdk.Retryable(err, 0)
	}
	if err := json.Unmarshal(msg.Data, &reply); err != nil {
		return reply, sdk.Retryable(fmt.Errorf("malformed reply: %w", err), 0)
	}
	return reply, nil
}

func toWire(err error) *wireError {
	class, after, code := sdk.ClassOf(err)
	return &wireError{Class: class.String(), RetryAfterMS: after.Milliseconds(), ProviderCode: code, Message: err.Error(),
		Unavailable: unavailable(err)}
}

// unavailable is wireError.Unavailable for err. The plugin process being
// down is grpchost's ErrNotDelivered that is also grpcplugin's
// ErrUnreachable; a connection that did not re-open is ErrNotDelivered
// alone.
func unavailable(err error) string {
	switch {
	case !errors.Is(err, grpchost.ErrNotDelivered):
		return ""
	case errors.Is(err, grpcplugin.ErrUnreachable):
		return "plugin"
	}
	return "connection"
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
