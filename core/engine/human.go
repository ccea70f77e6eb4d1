package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/masteria/masteria/core/store"
)

// ReasonHandedToHuman is why a run waiting for the customer's reply ended
// when a person took the conversation: its run row's error and its
// trace's last row say it, and the dashboard words it.
const ReasonHandedToHuman = "handed_to_human"

// statusEnded is a trace row's status for a wait ended from outside.
const statusEnded = "cancelled"

// HandedToHuman ends a contact's runs parked in wait.reply on channel (a
// conversation of theirs a person just took: conversation.handoff): the
// customer now talks to the person, so the wait's reply never comes and
// its timeout must not speak beside them. Runs of flows whose trigger
// says while_human keep waiting. Ending is idempotent: an ended run waits
// no more and is not found again. See RATIONALE.md, "A person's
// conversation ends the bot's reply waits".
func (e *Engine) HandedToHuman(ctx context.Context, tenantID, contactID, channel string) (int, error) {
	e.init()
	runs, err := e.Store.WaitingRuns(ctx, tenantID, store.WaitKey{Kind: WaitReply, Key: contactID})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range runs {
		ok, err := e.endRun(ctx, r, func(p *Position) bool { return replyWaitOn(p, channel) })
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// replyWaitOn says whether p waits for a reply a person's conversation on
// channel takes from it: the wait's channel, else the channel the run
// talks on (its trigger message's); a run with neither waits on any.
func replyWaitOn(p *Position, channel string) bool {
	w := p.State.Wait
	if w == nil || w.Kind != WaitReply || p.Plan.Flow.Trigger.WhileHuman {
		return false
	}
	ch := waitChannel(p)
	return ch == "" || channel == "" || ch == channel
}

func waitChannel(p *Position) string {
	if p.State.Wait.Channel != "" {
		return p.State.Wait.Channel
	}
	return p.State.Message.Channel
}

// endRun ends a waiting run for ReasonHandedToHuman if fn says so, under
// the rev check, retrying on a conflict with a fresh read.
func (e *Engine) endRun(ctx context.Context, r store.Run, fn func(p *Position) bool) (bool, error) {
	for attempt := 0; attempt < 5; attempt++ {
		p, err := e.position(ctx, r)
		if err != nil {
			return false, err
		}
		if r.Status != store.RunWaiting || !fn(p) {
			return false, nil
		}
		trace := handedToHuman(&r, p, e.Now())
		r.LeaseOwner, r.LeaseUntil = "", time.Time{}
		if err := apply(&r, p, e.Now()); err != nil {
			return false, err
		}
		err = e.saveWithTrace(ctx, r, trace)
		if err == nil {
			r.Rev++
			e.settled(r)
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

// saveWithTrace writes the run and its trace rows in one transaction
// (SaveRun outside one writes them one after the other).
func (e *Engine) saveWithTrace(ctx context.Context, r store.Run, trace []store.RunStep) error {
	conflicts, err := e.Store.SaveRuns(ctx, []store.RunSave{{Run: r, Trace: trace}})
	if err != nil {
		return err
	}
	return conflicts[0]
}

// handedToHuman ends the run parked at its wait: status cancelled with
// the reason, and a trace row for the wait's step saying it.
func handedToHuman(r *store.Run, p *Position, now time.Time) []store.RunStep {
	ps := p.Plan.Steps[p.State.Wait.Step]
	p.State.Wait = nil
	p.State.Seq++
	r.Status, r.Error = store.RunCancelled, ReasonHandedToHuman
	return []store.RunStep{{RunID: r.ID, TenantID: r.TenantID, Seq: p.State.Seq, StepID: ps.ID, Attempt: 1,
		Status: statusEnded, Error: ReasonHandedToHuman, Output: marshal(map[string]any{"ended": ReasonHandedToHuman}),
		StartedAt: now, FinishedAt: now}}
}

// underHuman says, when a wait.reply's timer comes due, whether a person
// has its conversation: then the timeout must not fire (the handoff's
// event may not have reached the router yet, or the wait parked after
// it). Runs of while_human flows and other waits never are.
func (e *Engine) underHuman(ctx context.Context, r store.Run, p *Position) (bool, error) {
	w := p.State.Wait
	if w == nil || w.Kind != WaitReply || p.Plan.Flow.Trigger.WhileHuman || r.ContactID == "" {
		return false, nil
	}
	convs, _, err := e.Store.ListConversations(ctx, r.TenantID, store.ConversationFilter{ContactID: r.ContactID,
		Channel: waitChannel(p), Handler: handlerHuman, Page: store.Page{Limit: 1}})
	return len(convs) > 0, err
}

// whileHuman keeps the runs and flows whose trigger says while_human: the
// only ones a customer's message reaches while a person handles the
// conversation.
func (r *Router) whileHuman(ctx context.Context, runs []store.Run, flows []store.Flow) ([]store.Run, []store.Flow, error) {
	var keptRuns []store.Run
	for _, run := range runs {
		plan, err := r.Engine.Plan(ctx, run.TenantID, run.FlowID, run.Version)
		if err != nil {
			return nil, nil, err
		}
		if plan.Flow.Trigger.WhileHuman {
			keptRuns = append(keptRuns, run)
		}
	}
	var keptFlows []store.Flow
	for _, f := range flows {
		plan, err := r.Engine.Plan(ctx, f.TenantID, f.ID, f.PublishedVersion)
		if err != nil {
			return nil, nil, err
		}
		if plan.Flow.Trigger.WhileHuman {
			keptFlows = append(keptFlows, f)
		}
	}
	return keptRuns, keptFlows, nil
}
