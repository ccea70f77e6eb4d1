package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/sdk"
)

func coreActions(world World) map[string]Action {
	return map[string]Action{
		"set":            ActionFunc(setVars),
		"end":            ActionFunc(endRun),
		"goto":           ActionFunc(gotoStep),
		"delay":          ActionFunc(delay),
		"wait.reply":     ActionFunc(waitReply),
		"wait.event":     ActionFunc(waitEvent),
		"http.request":   HTTPRequest(GuardedHTTPClient(nil)),
		"contact.tag":    crm(world, tagContact(true)),
		"contact.untag":  crm(world, tagContact(false)),
		"contact.update": crm(world, updateContact),
		"kanban.move":    crm(world, moveCard),
		"handoff":        crm(world, handoff),
	}
}

func setVars(_ context.Context, c Call) (Result, error) {
	return Result{Vars: c.Input, Output: c.Input}, nil
}

func endRun(_ context.Context, c Call) (Result, error) {
	end := cursorEnd
	return Result{Goto: &end, Output: c.Input}, nil
}

func gotoStep(_ context.Context, c Call) (Result, error) {
	id, _ := c.Input["step"].(string)
	i, ok := c.Plan.StepIndex(id)
	if !ok {
		return Result{}, sdk.Permanent(fmt.Errorf("goto: no step %q", id), "")
	}
	return Result{Goto: &i}, nil
}

func waitReply(_ context.Context, c Call) (Result, error) {
	w := &Wait{Kind: WaitReply, Key: c.State.Contact.ID}
	w.Channel, _ = c.Input["channel"].(string)
	if err := untilAfter(c, w, "timeout"); err != nil {
		return Result{}, err
	}
	return Result{Wait: w}, nil
}

func waitEvent(_ context.Context, c Call) (Result, error) {
	w := &Wait{Kind: WaitEvent}
	w.Key, _ = c.Input["event"].(string)
	w.Expr, _ = c.Input["expression"].(string)
	if _, err := compileCondition(w.Expr); err != nil {
		return Result{}, sdk.Permanent(fmt.Errorf("wait.event expression: %w", err), "")
	}
	if err := untilAfter(c, w, "timeout"); err != nil {
		return Result{}, err
	}
	return Result{Wait: w}, nil
}

// untilAfter sets w.Until to now + the duration input key, if given.
func untilAfter(c Call, w *Wait, key string) error {
	s, _ := c.Input[key].(string)
	if s == "" {
		return nil
	}
	d, err := flow.ParseDuration(s)
	if err != nil {
		return sdk.Permanent(fmt.Errorf("%s: %w", key, err), "")
	}
	until := c.Now.Add(d)
	w.Until = &until
	return nil
}

func crm(world World, fn func(context.Context, World, Call) (Result, error)) Action {
	return ActionFunc(func(ctx context.Context, c Call) (Result, error) {
		if world == nil {
			return Result{}, sdk.Permanent(errors.New("the CRM is not available to this engine"), "")
		}
		if c.State.Contact.ID == "" {
			return Result{}, sdk.Permanent(errors.New("this run has no contact"), "")
		}
		return fn(ctx, world, c)
	})
}

func tagContact(add bool) func(context.Context, World, Call) (Result, error) {
	return func(ctx context.Context, w World, c Call) (Result, error) {
		tag, _ := c.Input["tag"].(string)
		return Result{Output: map[string]any{"tag": tag}}, w.TagContact(ctx, c.TenantID, c.State.Contact.ID, tag, add)
	}
}

func updateContact(ctx context.Context, w World, c Call) (Result, error) {
	return Result{Output: c.Input}, w.UpdateContact(ctx, c.TenantID, c.State.Contact.ID, c.Input)
}

func moveCard(ctx context.Context, w World, c Call) (Result, error) {
	board, _ := c.Input["board"].(string)
	stage, _ := c.Input["stage"].(string)
	out, err := w.MoveCard(ctx, c.TenantID, c.State.Contact.ID, board, stage)
	return Result{Output: out}, err
}

// handoff assigns the conversation and parks the run until an agent
// releases it (the release resumes runs waiting on the contact).
func handoff(ctx context.Context, w World, c Call) (Result, error) {
	if err := w.Handoff(ctx, c.TenantID, c.State.Contact.ID, c.Input); err != nil {
		return Result{}, err
	}
	return Result{Wait: &Wait{Kind: WaitHandoff, Key: c.State.Contact.ID}}, nil
}
