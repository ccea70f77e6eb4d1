package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/sdk"
)

// Call is one invocation of an action by a step.
type Call struct {
	TenantID       string
	RunID          string
	Step           *PlanStep
	Plan           *Plan
	Input          map[string]any
	IdempotencyKey string
	State          *State // read-only for actions; results go in Result
	Now            time.Time
}

// Result is what an action did: its output, and for core steps what
// happens to the run.
type Result struct {
	Output map[string]any
	Vars   map[string]any // set: variables to assign
	Wait   *Wait          // park the run
	Goto   *int           // continue at this step instead of next
}

// Action runs a step's uses.
type Action interface {
	Invoke(ctx context.Context, c Call) (Result, error)
}

// ActionFunc adapts a function to Action.
type ActionFunc func(ctx context.Context, c Call) (Result, error)

// Invoke calls f.
func (f ActionFunc) Invoke(ctx context.Context, c Call) (Result, error) { return f(ctx, c) }

// PluginInvoker calls an action some plugin provides (through the plugin
// host or the bus).
type PluginInvoker interface {
	InvokeAction(ctx context.Context, tenantID, actionID string, input map[string]any, idempotencyKey string) (map[string]any, error)
}

// Actions resolves a step's uses: core actions by ID, everything else
// through Plugins. A registry value, so tests build isolated ones.
type Actions struct {
	core    map[string]Action
	Plugins PluginInvoker
}

// NewActions returns the core actions, with world behind the CRM steps
// (nil: those steps fail with a permanent error).
func NewActions(world World, plugins PluginInvoker) *Actions {
	a := &Actions{core: map[string]Action{}, Plugins: plugins}
	for id, act := range coreActions(world) {
		a.Register(id, act)
	}
	return a
}

// Register adds or replaces an action (flow tests replace with mocks).
func (a *Actions) Register(id string, act Action) {
	if id == "" || act == nil {
		panic("engine: action needs an ID and an implementation")
	}
	a.core[id] = act
}

// Lookup finds the action for uses.
func (a *Actions) Lookup(uses string) (Action, error) {
	if act, ok := a.core[uses]; ok {
		return act, nil
	}
	if a.Plugins == nil {
		return nil, sdk.Permanent(fmt.Errorf("no plugin provides %q", uses), "")
	}
	return ActionFunc(func(ctx context.Context, c Call) (Result, error) {
		attempt := 0
		if c.State != nil {
			attempt = c.State.Attempt
		}
		out, err := a.Plugins.InvokeAction(withTry(ctx, c.Step, attempt), c.TenantID, uses, c.Input, c.IdempotencyKey)
		return Result{Output: out}, err
	}), nil
}

// World is the CRM behind the contact.*, kanban.move and handoff steps.
type World interface {
	TagContact(ctx context.Context, tenantID, contactID, tag string, add bool) error
	UpdateContact(ctx context.Context, tenantID, contactID string, fields map[string]any) error
	MoveCard(ctx context.Context, tenantID, contactID, board, stage string) (map[string]any, error)
	Handoff(ctx context.Context, tenantID, contactID string, input map[string]any) error
}

var _ flow.StepKind = flow.KindAction
