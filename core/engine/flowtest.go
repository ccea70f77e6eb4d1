package engine

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/store"
)

// TestResult is the outcome of one of a flow's tests.
type TestResult struct {
	Name     string          `json:"name"`
	Passed   bool            `json:"passed"`
	Problems []string        `json:"problems,omitempty"`
	Path     []string        `json:"path"`
	Status   string          `json:"status"`
	Vars     map[string]any  `json:"vars,omitempty"`
	Trace    []store.RunStep `json:"trace"`
}

// RunTests runs every test of f in memory: mocked steps return their mock,
// unmocked plugin actions succeed with empty output, delays and retries
// elapse at once, and a wait for a reply or event ends the test with
// status "waiting".
func RunTests(ctx context.Context, f *flow.Flow) ([]TestResult, error) {
	plan, err := Compile(f)
	if err != nil {
		return nil, err
	}
	var out []TestResult
	for _, t := range f.Tests {
		out = append(out, runTest(ctx, plan, t))
	}
	return out, nil
}

func runTest(ctx context.Context, plan *Plan, t flow.Test) TestResult {
	res, world := DryRun(ctx, plan, t.Given)
	res.Name = t.Name
	res.Problems = check(t.Expect, res, world)
	res.Passed = len(res.Problems) == 0
	return res
}

// DryRun executes a run of plan from given, entirely in memory.
func DryRun(ctx context.Context, plan *Plan, g flow.Given) (TestResult, *MemoryWorld) {
	world := &MemoryWorld{Tags: map[string]bool{}}
	st := &State{Params: withDefaults(plan.Flow, g.Params), Vars: g.Vars}
	if g.Contact != nil {
		st.Contact = *g.Contact
		for _, tag := range g.Contact.Tags {
			world.Tags[tag] = true
		}
	}
	if st.Contact.ID == "" {
		st.Contact.ID = "test-contact"
	}
	if g.Message != nil {
		st.Message = *g.Message
	}
	if g.Event != nil {
		st.Event = *g.Event
	}
	st.init()
	in := &Interp{Actions: NewActions(world, succeed{}), Mocks: g.Mocks}
	p := &Position{RunID: "test-run", Plan: plan, State: st}
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	res := TestResult{Status: store.RunCompleted}
	for p.Cursor != cursorEnd && len(plan.Steps) > 0 {
		o := in.Step(ctx, p, now)
		res.Trace = append(res.Trace, o.Trace)
		res.Path = append(res.Path, o.Trace.StepID)
		if o.Failed != "" {
			res.Status = store.RunFailed
			break
		}
		if o.Parked {
			if w := st.Wait; w.Kind == WaitDelay || w.Kind == WaitRetry {
				now = *w.Until
				wake(p)
				continue
			}
			res.Status = store.RunWaiting
			break
		}
	}
	res.Vars = st.Vars
	return res, world
}

// succeed answers every plugin action with an empty output.
type succeed struct{}

func (succeed) InvokeAction(context.Context, string, string, map[string]any, string) (map[string]any, error) {
	return map[string]any{}, nil
}

func check(e flow.Expect, res TestResult, world *MemoryWorld) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if len(e.Path) > 0 {
		want := make([]string, len(e.Path))
		for i, s := range e.Path {
			want[i] = string(s)
		}
		if !slices.Equal(want, res.Path) {
			bad("path: want %s, got %s", strings.Join(want, " → "), strings.Join(res.Path, " → "))
		}
	}
	if e.Status != "" && e.Status != res.Status {
		bad("status: want %s, got %s", e.Status, res.Status)
	}
	for k, v := range e.Vars {
		if got := res.Vars[k]; fmt.Sprint(got) != fmt.Sprint(v) {
			bad("vars.%s: want %v, got %v", k, v, got)
		}
	}
	for _, tag := range e.Tags {
		if !world.Tags[tag] {
			bad("tags: the contact lacks %q", tag)
		}
	}
	if k := e.Kanban; k != nil && (world.Stage != k.Stage || (k.Board != "" && world.Board != k.Board)) {
		bad("kanban: want %s/%s, got %s/%s", k.Board, k.Stage, world.Board, world.Stage)
	}
	for _, s := range e.Sends {
		if !sent(res.Trace, string(s.Step), s.With) {
			bad("sends: step %s did not run with %v", s.Step, s.With)
		}
	}
	return problems
}

func sent(trace []store.RunStep, step string, with map[string]any) bool {
	for _, t := range trace {
		if t.StepID != step {
			continue
		}
		got := map[string]any{}
		_ = jsonUnmarshal(t.Input, &got)
		ok := true
		for k, v := range with {
			if !reflect.DeepEqual(fmt.Sprint(got[k]), fmt.Sprint(v)) {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}
