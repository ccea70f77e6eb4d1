package engine

import (
	"cmp"
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
	ContactID string       `json:"contact_id"`
	Contact   flow.Contact `json:"contact"`
	Message   flow.Message `json:"message"`
	// Conversation is the inbox's conversation the message went into;
	// only who handles it matters here.
	Conversation struct {
		Handler string `json:"handler"`
	} `json:"conversation"`
	Data map[string]any `json:"-"`
}

// handlerHuman is the inbox's handler of a conversation a person has
// taken over from the bot.
const handlerHuman = "human"

// Event is one bus event for the router.
type Event struct {
	TenantID, Type, MsgID string
	Payload               []byte
}

// Run consumes events until ctx ends, in stream order, a batch at a time:
// see bus.Ordered and RATIONALE.md, "The router reads events in batches".
// An event whose handling fails is retried in place every second, so the
// events behind it keep waiting, as they did when the router took one
// event at a time.
func (r *Router) Run(ctx context.Context) error {
	const batch = 256
	cons, opts, err := bus.Ordered{Durable: "engine-triggers", Batch: batch, AckWait: 30 * time.Second}.Consumer(ctx, r.Bus)
	if err != nil {
		return fmt.Errorf("trigger consumer: %w", err)
	}
	return bus.ConsumeBatches(ctx, cons, batch, func(ctx context.Context, msgs []jetstream.Msg) {
		evs := make([]Event, len(msgs))
		for i, m := range msgs {
			h := m.Headers()
			evs[i] = Event{TenantID: h.Get(bus.HeaderTenant), Type: h.Get(bus.HeaderType), MsgID: h.Get(bus.HeaderMsgID), Payload: m.Data()}
		}
		for i := 0; i < len(msgs); {
			n, err := r.HandleBatch(ctx, evs[i:])
			for _, m := range msgs[i : i+n] {
				_ = m.Ack()
			}
			if i += n; err == nil {
				continue
			}
			r.Log.Warn("trigger", "type", evs[i].Type, "err", err)
			_ = msgs[i].InProgress()
			select {
			case <-ctx.Done():
				for _, m := range msgs[i:] {
					_ = m.Nak()
				}
				return
			case <-time.After(time.Second):
			}
		}
	}, opts...)
}

// Handle routes one event. It is idempotent: handling the same event twice
// starts and resumes nothing twice. The payload is decoded into a map only when a
// waiting run or one of the tenant's flows needs it: most events (every
// inbound message, in a busy workspace) need none, and the map was most of
// the router's work.
func (r *Router) Handle(ctx context.Context, tenantID, typ, msgID string, payload []byte) error {
	_, err := r.HandleBatch(ctx, []Event{{TenantID: tenantID, Type: typ, MsgID: msgID, Payload: payload}})
	return err
}

// HandleBatch routes events in order and says how many it handled before
// the first that failed. What the events need from the store (the runs
// waiting for them, the flows they trigger) is asked for the whole batch
// at once; see lookups.
func (r *Router) HandleBatch(ctx context.Context, evs []Event) (int, error) {
	l := newLookups(r.Engine.Store)
	routed := make([]routedEvent, len(evs))
	for i, e := range evs {
		routed[i] = r.prepare(e)
	}
	if len(routed) > 1 {
		if err := l.prefetch(ctx, routed); err != nil {
			return 0, err
		}
	}
	for i := range routed {
		if err := r.route(ctx, l, &routed[i]); err != nil {
			return i, err
		}
	}
	return len(routed), nil
}

// routedEvent is an event with what routing it needs decoded.
type routedEvent struct {
	Event
	lazy  *lazyEvent
	in    inbound // message.received, decoded when needed (decode)
	valid bool    // message.received: its sender decoded
	keys  []store.WaitKey
}

func (r *Router) prepare(e Event) routedEvent {
	re := routedEvent{Event: e, lazy: &lazyEvent{typ: e.Type, raw: e.Payload}}
	if e.Type != bus.EventMessageReceived {
		re.keys = []store.WaitKey{{Kind: WaitEvent, Key: e.Type}}
		return re
	}
	// Only the sender, for now: the whole message is decoded when a run
	// waits for it or a flow may start (most inbound messages, none).
	var from struct {
		ContactID string `json:"contact_id"`
		Contact   struct {
			ID string `json:"id"`
		} `json:"contact"`
	}
	if err := gojson.Unmarshal(e.Payload, &from); err != nil { // every inbound message: see RATIONALE.md, "JSON on the inbound path"
		return re // not ours to fail on; logged by the producer
	}
	re.valid = true
	re.keys = []store.WaitKey{{Kind: WaitEvent, Key: bus.EventMessageReceived}}
	if id := cmp.Or(from.Contact.ID, from.ContactID); id != "" {
		re.keys = append(re.keys, store.WaitKey{Kind: WaitReply, Key: id})
	}
	return re
}

// decode decodes a message.received event's payload in full.
func (e *routedEvent) decode() error {
	if err := gojson.Unmarshal(e.Payload, &e.in); err != nil {
		return err
	}
	if e.in.Contact.ID == "" {
		e.in.Contact.ID = e.in.ContactID
	}
	return nil
}

func (r *Router) route(ctx context.Context, l *lookups, e *routedEvent) error {
	if e.Type == bus.EventMessageReceived {
		if !e.valid {
			return nil
		}
		return r.received(ctx, l, e)
	}
	runs, err := l.waitingRuns(ctx, e.TenantID, e.keys...)
	if err != nil {
		return err
	}
	if _, err := r.Engine.deliverEventTo(ctx, runs, e.lazy.get); err != nil {
		return err
	}
	if e.Type == bus.EventConversationHandoff {
		l.changed()
		if err := r.handedToHuman(ctx, e); err != nil {
			return err
		}
	}
	if e.Type == "conversation.released" {
		l.changed()
		var rel struct {
			ContactID string `json:"contact_id"`
		}
		_ = json.Unmarshal(e.Payload, &rel)
		_, err := r.Engine.Release(ctx, e.TenantID, rel.ContactID)
		return err
	}
	return r.startMatching(ctx, l, e.TenantID, e.Type, e.MsgID, e.lazy)
}

// handedToHuman ends the reply waits of the conversation a person took
// (conversation.handoff, whichever path: the flow's handoff step, the
// API's, an agent's reply).
func (r *Router) handedToHuman(ctx context.Context, e *routedEvent) error {
	var h struct {
		ContactID    string `json:"contact_id"`
		Conversation struct {
			Channel string `json:"channel"`
		} `json:"conversation"`
	}
	if json.Unmarshal(e.Payload, &h) != nil || h.ContactID == "" {
		return nil // not ours to fail on
	}
	_, err := r.Engine.HandedToHuman(ctx, e.TenantID, h.ContactID, h.Conversation.Channel)
	return err
}

// received routes a message.received: runs waiting for the event, then the
// contact's runs waiting for a reply (both found in one query), then the
// flows it starts; the last two only while the bot handles the
// conversation.
func (r *Router) received(ctx context.Context, l *lookups, e *routedEvent) error {
	waiting, err := l.waitingRuns(ctx, e.TenantID, e.keys...)
	if err != nil {
		return err
	}
	flows, err := l.flowsOn(ctx, e.TenantID, bus.EventMessageReceived)
	if err != nil || len(waiting) == 0 && len(flows) == 0 {
		return err
	}
	if e.decode() != nil {
		return nil // not ours to fail on; logged by the producer
	}
	var forEvent, forReply []store.Run
	for _, run := range waiting {
		if run.WaitKind == WaitEvent {
			forEvent = append(forEvent, run)
		} else {
			forReply = append(forReply, run)
		}
	}
	if _, err := r.Engine.deliverEventTo(ctx, forEvent, e.lazy.get); err != nil {
		return err
	}
	if e.in.Conversation.Handler == handlerHuman {
		// A person has the conversation: the customer is talking to them,
		// so no run takes the message as its reply and no flow starts on
		// it (runs waiting on the event itself still get it), except the
		// flows whose trigger says while_human.
		if forReply, flows, err = r.whileHuman(ctx, forReply, flows); err != nil {
			return err
		}
	}
	taken, err := r.Engine.deliverReply(ctx, forReply, e.in.Message)
	if err != nil {
		return err
	}
	return r.message(ctx, l, flows, e.MsgID, e.in, e.lazy, taken)
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
func (r *Router) message(ctx context.Context, l *lookups, flows []store.Flow, msgID string, in inbound, ev *lazyEvent, taken map[string]bool) error {
	for _, f := range flows {
		if taken[f.ID] {
			continue
		}
		if err := r.startOrQueue(ctx, l, f, msgID, in, ev); err != nil {
			return err
		}
	}
	return nil
}

func (r *Router) startOrQueue(ctx context.Context, l *lookups, f store.Flow, msgID string, in inbound, lazy *lazyEvent) error {
	if in.Contact.ID != "" {
		active, err := r.Engine.Store.ActiveRuns(ctx, f.TenantID, f.ID, in.Contact.ID)
		if err != nil {
			return err
		}
		if len(active) > 0 { // one run per contact per flow: the busy run gets every message, in order
			l.changed()
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
	l.changed()
	return r.start(ctx, f, msgID, in.Contact, in.Message, ev)
}

func (r *Router) startMatching(ctx context.Context, l *lookups, tenantID, typ, msgID string, lazy *lazyEvent) error {
	flows, err := l.flowsOn(ctx, tenantID, typ)
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
			l.changed()
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
