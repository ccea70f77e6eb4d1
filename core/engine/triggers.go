package engine

import (
	"context"
	"encoding/json"

	"fmt"
	gojson "github.com/goccy/go-json"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/expr-lang/expr"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/store"
)

// Router turns bus events into flow runs: it resumes runs waiting for the
// event (a reply, a wait.event, a released handoff) and starts the
// published flows whose trigger matches. One durable consumer reads the
// event stream in order, so a contact's events are handled in order; the
// trigger key (flow + event message ID) makes a redelivered event start
// nothing twice.
type Router struct {
	Engine *Engine
	Bus    *bus.Bus
	Log    *slog.Logger
}

// inbound is what message.received events carry.
type inbound struct {
	ContactID string         `json:"contact_id"`
	Contact   flow.Contact   `json:"contact"`
	Message   flow.Message   `json:"message"`
	Data      map[string]any `json:"-"`
}

// Run consumes events until ctx ends.
func (r *Router) Run(ctx context.Context) error {
	cons, err := r.Bus.JS.CreateOrUpdateConsumer(ctx, r.Bus.EventStream(), jetstream.ConsumerConfig{
		Durable: "engine-triggers", AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: 1,
		DeliverPolicy: jetstream.DeliverAllPolicy, AckWait: 30 * time.Second,
	})
	if err != nil {
		return fmt.Errorf("trigger consumer: %w", err)
	}
	return bus.Consume(ctx, cons, func(ctx context.Context, m jetstream.Msg) {
		if err := r.Handle(ctx, m.Headers().Get(bus.HeaderTenant), m.Headers().Get(bus.HeaderType), m.Headers().Get(bus.HeaderMsgID), m.Data()); err != nil {
			r.Log.Warn("trigger", "type", m.Headers().Get(bus.HeaderType), "err", err)
			_ = m.NakWithDelay(time.Second)
			return
		}
		_ = m.Ack()
	})
}

// Handle routes one event. It is idempotent: handling the same event twice
// starts and resumes nothing twice. The payload is decoded into a map only when a
// waiting run or one of the tenant's flows needs it: most events (every
// inbound message, in a busy workspace) need none, and the map was most of
// the router's work.
func (r *Router) Handle(ctx context.Context, tenantID, typ, msgID string, payload []byte) error {
	ev := &lazyEvent{typ: typ, raw: payload}
	switch typ {
	case bus.EventMessageReceived:
		return r.received(ctx, tenantID, msgID, ev)
	case "conversation.released":
		if _, err := r.Engine.deliverEvent(ctx, tenantID, typ, ev.get); err != nil {
			return err
		}
		var rel struct {
			ContactID string `json:"contact_id"`
		}
		_ = json.Unmarshal(payload, &rel)
		_, err := r.Engine.Release(ctx, tenantID, rel.ContactID)
		return err
	}
	if _, err := r.Engine.deliverEvent(ctx, tenantID, typ, ev.get); err != nil {
		return err
	}
	return r.startMatching(ctx, tenantID, typ, msgID, ev)
}

// received routes a message.received: runs waiting for the event, then the
// contact's runs waiting for a reply (both found in one query), then the
// flows it starts.
func (r *Router) received(ctx context.Context, tenantID, msgID string, ev *lazyEvent) error {
	var in inbound
	if err := gojson.Unmarshal(ev.raw, &in); err != nil { // every inbound message: see RATIONALE.md, "JSON on the inbound path"
		return nil // not ours to fail on; logged by the producer
	}
	if in.Contact.ID == "" {
		in.Contact.ID = in.ContactID
	}
	keys := []store.WaitKey{{Kind: WaitEvent, Key: bus.EventMessageReceived}}
	if in.Contact.ID != "" {
		keys = append(keys, store.WaitKey{Kind: WaitReply, Key: in.Contact.ID})
	}
	waiting, err := r.Engine.Store.WaitingRuns(ctx, tenantID, keys...)
	if err != nil {
		return err
	}
	var forEvent, forReply []store.Run
	for _, run := range waiting {
		if run.WaitKind == WaitEvent {
			forEvent = append(forEvent, run)
		} else {
			forReply = append(forReply, run)
		}
	}
	if _, err := r.Engine.deliverEventTo(ctx, forEvent, ev.get); err != nil {
		return err
	}
	taken, err := r.Engine.deliverReply(ctx, forReply, in.Message)
	if err != nil {
		return err
	}
	return r.message(ctx, tenantID, msgID, in, ev, taken)
}

// lazyEvent decodes an event's payload on first use.
type lazyEvent struct {
	typ     string
	raw     []byte
	decoded bool
	ev      flow.Event
	err     error
}

func (l *lazyEvent) get() (flow.Event, error) {
	if !l.decoded {
		l.decoded = true
		l.ev.Type = l.typ
		l.err = gojson.Unmarshal(l.raw, &l.ev.Data)
	}
	return l.ev, l.err
}

// message queues it for busy runs of message-triggered flows and starts
// the flows it triggers, leaving out those whose runs took it as a reply.
func (r *Router) message(ctx context.Context, tenantID, msgID string, in inbound, ev *lazyEvent, taken map[string]bool) error {
	flows, err := r.Engine.Store.TenantFlowsOn(ctx, tenantID, bus.EventMessageReceived)
	if err != nil {
		return err
	}
	for _, f := range flows {
		if taken[f.ID] {
			continue
		}
		if err := r.startOrQueue(ctx, f, msgID, in, ev); err != nil {
			return err
		}
	}
	return nil
}

func (r *Router) startOrQueue(ctx context.Context, f store.Flow, msgID string, in inbound, lazy *lazyEvent) error {
	if in.Contact.ID != "" {
		active, err := r.Engine.Store.ActiveRuns(ctx, f.TenantID, f.ID, in.Contact.ID)
		if err != nil {
			return err
		}
		if len(active) > 0 { // one run per contact per flow: the busy run gets every message, in order
			return r.Engine.Queue(ctx, active[0], in.Message)
		}
	}
	plan, err := r.Engine.Plan(ctx, f.TenantID, f.ID, f.PublishedVersion)
	if err != nil {
		return err
	}
	ev, err := lazy.get()
	if err != nil || !matches(plan.Flow.Trigger, in.Contact, in.Message, ev) {
		return nil // a payload that is not JSON triggers nothing
	}
	return r.start(ctx, f, msgID, in.Contact, in.Message, ev)
}

func (r *Router) startMatching(ctx context.Context, tenantID, typ, msgID string, lazy *lazyEvent) error {
	flows, err := r.Engine.Store.TenantFlowsOn(ctx, tenantID, typ)
	if err != nil {
		return err
	}
	for _, f := range flows {
		plan, err := r.Engine.Plan(ctx, f.TenantID, f.ID, f.PublishedVersion)
		if err != nil {
			return err
		}
		ev, err := lazy.get()
		if err != nil {
			return nil // a payload that is not JSON triggers nothing
		}
		c := flow.Contact{ID: str(ev.Data["contact_id"])}
		if matches(plan.Flow.Trigger, c, flow.Message{}, ev) {
			if err := r.start(ctx, f, msgID, c, flow.Message{}, ev); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *Router) start(ctx context.Context, f store.Flow, msgID string, c flow.Contact, m flow.Message, ev flow.Event) error {
	_, err := r.Engine.StartRun(ctx, Start{TenantID: f.TenantID, FlowID: f.ID, Version: f.PublishedVersion,
		TriggerKey: "evt:" + msgID, Contact: c, Message: m, Event: ev})
	if apperr.Is(err, apperr.Conflict) {
		return nil // this event already started this flow
	}
	return err
}

// matches applies a trigger's filters.
func matches(t flow.Trigger, c flow.Contact, m flow.Message, ev flow.Event) bool {
	if t.Channel != "" && !strings.EqualFold(t.Channel, m.Channel) {
		return false
	}
	if t.Keyword != "" {
		first, _, _ := strings.Cut(strings.TrimSpace(m.Text), " ")
		if !strings.EqualFold(first, t.Keyword) {
			return false
		}
	}
	if t.Regex != "" {
		re, err := regexp.Compile(string(t.Regex))
		if err != nil || !re.MatchString(m.Text) {
			return false
		}
	}
	for field, want := range map[string]string{"tag": t.Tag, "board": t.Board, "stage": t.Stage, "campaign": t.Campaign, "connection": t.Connection} {
		if want != "" && str(ev.Data[field]) != want && !(field == "connection" && str(ev.Data["connection_id"]) == want) {
			return false
		}
	}
	if t.If == "" {
		return true
	}
	prog, err := compileCondition(string(t.If))
	if err != nil {
		return false
	}
	v, err := expr.Run(prog, &flow.Env{Contact: c, Message: m, Event: ev, Now: time.Now()})
	ok, _ := v.(bool)
	return err == nil && ok
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func isDuplicate(err error) bool { return apperr.Is(err, apperr.Conflict) }
