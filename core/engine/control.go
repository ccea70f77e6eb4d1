package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/expr-lang/expr"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
)

// Start describes a new run.
type Start struct {
	TenantID   string
	FlowID     string
	Version    int    // 0: the published version
	TriggerKey string // unique per flow: the same event never starts it twice
	Contact    flow.Contact
	Message    flow.Message
	Event      flow.Event
	Params     map[string]any
	Vars       map[string]any
}

// StartRun creates a run due now. A repeated trigger key returns the
// existing run's conflict as apperr.Conflict.
func (e *Engine) StartRun(ctx context.Context, s Start) (store.Run, error) {
	e.init()
	if s.Version == 0 {
		f, err := e.Store.GetFlow(ctx, s.TenantID, s.FlowID)
		if err != nil {
			return store.Run{}, notFound(err, "flow")
		}
		if f.PublishedVersion == 0 {
			return store.Run{}, apperr.New(apperr.Conflict, "flow %s has no published version", f.Name).
				Because(apperr.FlowNotPublished, apperr.P{"flow": f.Name})
		}
		s.Version = f.PublishedVersion
	}
	plan, err := e.Plan(ctx, s.TenantID, s.FlowID, s.Version)
	if err != nil {
		return store.Run{}, notFound(err, "flow version")
	}
	st := &State{Contact: s.Contact, Message: s.Message, Event: s.Event, Params: withDefaults(plan.Flow, s.Params), Vars: s.Vars}
	st.init()
	if s.Message.ID != "" {
		st.Seen = []string{s.Message.ID}
	}
	now := e.Now()
	r := store.Run{ID: ids.New("run"), TenantID: s.TenantID, FlowID: s.FlowID, Version: s.Version, ContactID: s.Contact.ID,
		TriggerKey: s.TriggerKey, CreatedAt: now}
	if r.TriggerKey == "" {
		r.TriggerKey = r.ID
	}
	p := &Position{Plan: plan, State: st, Cursor: 0}
	if len(plan.Steps) == 0 {
		p.Cursor = cursorEnd
	}
	if err := apply(&r, p, now); err != nil {
		return r, err
	}
	if err := e.Store.CreateRun(ctx, r); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return r, apperr.New(apperr.Conflict, "this trigger already started the flow")
		}
		return r, err
	}
	e.Notify()
	return r, nil
}

func withDefaults(f *flow.Flow, given map[string]any) map[string]any {
	out := map[string]any{}
	for name, p := range f.Params {
		if p.Default != nil {
			out[name] = p.Default
		}
	}
	for k, v := range given {
		out[k] = v
	}
	return out
}

// DeliverReply hands a contact's message to their runs waiting for a
// reply; runs of the flows listed in queueFor that are busy get it queued
// (handled in order by their next wait.reply). It returns the flows whose
// runs took the message.
func (e *Engine) DeliverReply(ctx context.Context, tenantID string, msg flow.Message, contactID string) (map[string]bool, error) {
	runs, err := e.Store.WaitingRuns(ctx, tenantID, store.WaitKey{Kind: WaitReply, Key: contactID})
	if err != nil {
		return map[string]bool{}, err
	}
	return e.deliverReply(ctx, runs, msg)
}

// deliverReply is DeliverReply to runs already found.
func (e *Engine) deliverReply(ctx context.Context, runs []store.Run, msg flow.Message) (map[string]bool, error) {
	taken := map[string]bool{}
	for _, r := range runs {
		ok, err := e.resume(ctx, r, func(p *Position) bool {
			if p.State.Wait == nil || p.State.Wait.Kind != WaitReply || (p.State.Wait.Channel != "" && p.State.Wait.Channel != msg.Channel) {
				return false
			}
			if !p.State.see(msg.ID) {
				return false // already taken: a redelivery changes nothing
			}
			deliverReply(p, msg)
			return true
		})
		if err != nil {
			return taken, err
		}
		if ok {
			taken[r.FlowID] = true
		}
	}
	return taken, nil
}

// Queue appends a message to a busy run's pending replies.
func (e *Engine) Queue(ctx context.Context, r store.Run, msg flow.Message) error {
	_, err := e.resume(ctx, r, func(p *Position) bool {
		if !p.State.see(msg.ID) {
			return false
		}
		p.State.Pending = append(p.State.Pending, msg)
		return true
	})
	return err
}

// DeliverEvent resumes runs whose wait.event matches ev.
func (e *Engine) DeliverEvent(ctx context.Context, tenantID string, ev flow.Event) (int, error) {
	return e.deliverEvent(ctx, tenantID, ev.Type, func() (flow.Event, error) { return ev, nil })
}

// deliverEvent is DeliverEvent with the event made only when a run waits
// for its type; an event that cannot be made is delivered to none.
func (e *Engine) deliverEvent(ctx context.Context, tenantID, typ string, event func() (flow.Event, error)) (int, error) {
	runs, err := e.Store.WaitingRuns(ctx, tenantID, store.WaitKey{Kind: WaitEvent, Key: typ})
	if err != nil {
		return 0, err
	}
	return e.deliverEventTo(ctx, runs, event)
}

// deliverEventTo is deliverEvent to runs already found.
func (e *Engine) deliverEventTo(ctx context.Context, runs []store.Run, event func() (flow.Event, error)) (int, error) {
	if len(runs) == 0 {
		return 0, nil
	}
	ev, err := event()
	if err != nil {
		return 0, nil
	}
	n := 0
	for _, r := range runs {
		ok, err := e.resume(ctx, r, func(p *Position) bool {
			if p.State.Wait == nil || !eventMatches(p, ev, e.Now()) {
				return false
			}
			deliverEvent(p, ev)
			return true
		})
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// Release resumes a contact's runs parked on a handoff.
func (e *Engine) Release(ctx context.Context, tenantID, contactID string) (int, error) {
	runs, err := e.Store.WaitingRuns(ctx, tenantID, store.WaitKey{Kind: WaitHandoff, Key: contactID})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range runs {
		if ok, err := e.resume(ctx, r, func(p *Position) bool { release(p); return true }); err != nil {
			return n, err
		} else if ok {
			n++
		}
	}
	return n, nil
}

func eventMatches(p *Position, ev flow.Event, now time.Time) bool {
	prog, err := compileCondition(p.State.Wait.Expr)
	if err != nil {
		return false
	}
	env := p.State.env(now)
	env.Event = ev
	v, err := expr.Run(prog, env)
	ok, _ := v.(bool)
	return err == nil && ok
}

// resume changes a run with fn under optimistic concurrency, retrying on
// a conflict with a fresh read; fn returns false to leave the run alone.
func (e *Engine) resume(ctx context.Context, r store.Run, fn func(p *Position) bool) (bool, error) {
	for attempt := 0; attempt < 5; attempt++ {
		p, err := e.position(ctx, r)
		if err != nil {
			return false, err
		}
		if !fn(p) {
			return false, nil
		}
		if err := apply(&r, p, e.Now()); err != nil {
			return false, err
		}
		err = e.Store.SaveRun(ctx, r, nil)
		if err == nil {
			e.Notify()
			return true, nil
		}
		if !errors.Is(err, store.ErrConflict) {
			return false, err
		}
		if r, err = e.Store.GetRun(ctx, r.TenantID, r.ID); err != nil {
			return false, err
		}
	}
	return false, fmt.Errorf("run %s keeps changing; try again", r.ID)
}

func notFound(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return apperr.NotFoundf("%s not found", what)
	}
	return err
}

// Cancel stops a run that has not finished.
func (e *Engine) Cancel(ctx context.Context, tenantID, runID string) (store.Run, error) {
	return e.change(ctx, tenantID, runID, func(r *store.Run, p *Position) error {
		if r.Status != store.RunReady && r.Status != store.RunWaiting {
			return apperr.New(apperr.Conflict, "the run is already %s", r.Status).Because(apperr.RunEnded, apperr.P{"status": r.Status})
		}
		r.Status, r.Error = store.RunCancelled, "cancelled"
		p.State.Wait = nil
		return nil
	})
}

// RetryFrom sends a finished or failed run back to one of its steps.
func (e *Engine) RetryFrom(ctx context.Context, tenantID, runID, stepID string) (store.Run, error) {
	return e.change(ctx, tenantID, runID, func(r *store.Run, p *Position) error {
		i, ok := p.Plan.StepIndex(stepID)
		if !ok {
			return apperr.Fields("unknown step", map[string]string{"step": "not a step of this flow version"})
		}
		if r.Status == store.RunReady || r.Status == store.RunWaiting {
			return apperr.New(apperr.Conflict, "the run is still %s; cancel it first", r.Status).
				Because(apperr.RunActive, apperr.P{"status": r.Status})
		}
		r.Status, r.Error, p.Cursor, p.State.Wait, p.State.Attempt = store.RunReady, "", i, nil, 0
		return nil
	})
}

// change applies fn to a tenant's run under optimistic concurrency.
func (e *Engine) change(ctx context.Context, tenantID, runID string, fn func(r *store.Run, p *Position) error) (store.Run, error) {
	e.init()
	for attempt := 0; attempt < 5; attempt++ {
		r, err := e.Store.GetRun(ctx, tenantID, runID)
		if err != nil {
			return r, notFound(err, "run")
		}
		p, err := e.position(ctx, r)
		if err != nil {
			return r, err
		}
		if err := fn(&r, p); err != nil {
			return r, err
		}
		r.LeaseOwner, r.LeaseUntil = "", time.Time{}
		if err := apply(&r, p, e.Now()); err != nil {
			return r, err
		}
		err = e.Store.SaveRun(ctx, r, nil)
		if err == nil {
			r.Rev++
			e.Notify()
			return r, nil
		}
		if !errors.Is(err, store.ErrConflict) {
			return r, err
		}
	}
	return store.Run{}, fmt.Errorf("run %s keeps changing; try again", runID)
}
