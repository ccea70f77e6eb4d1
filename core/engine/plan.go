// Package engine runs flows durably. A flow version compiles once into a
// Plan (expressions compiled, step references resolved to indexes); the
// interpreter moves a run's State through it one step at a time; the
// Engine commits every step's result before the next one runs, parks runs
// on stored timers and waits, and resumes them after any restart.
package engine

import (
	"fmt"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/masteria/masteria/core/flow"
)

// Cursor values besides step indexes.
const (
	cursorEnd = -1 // the run is over
	noTarget  = -2 // the reference was not written
)

// Plan is a compiled flow version.
type Plan struct {
	Flow  *flow.Flow
	Steps []*PlanStep
	index map[string]int
}

// PlanStep is one step with everything resolved for execution.
type PlanStep struct {
	ID        string
	Kind      flow.StepKind
	Uses      string
	With      map[string]value
	Cond      *vm.Program
	Then      int
	Else      int
	Cases     []planCase
	Default   int
	Next      int
	OnError   int
	OnTimeout int
	Retry     retryPolicy
	Timeout   time.Duration
}

type planCase struct {
	When *vm.Program
	Next int
}

type retryPolicy struct {
	MaxAttempts int
	Backoff     time.Duration
	MaxBackoff  time.Duration
}

// Compile turns a linted flow into a Plan. It fails on what lint reports
// as errors; callers lint first to show every problem.
func Compile(f *flow.Flow) (*Plan, error) {
	p := &Plan{Flow: f, index: map[string]int{}}
	for i, s := range f.Steps {
		p.index[s.ID] = i
	}
	for i := range f.Steps {
		ps, err := p.compileStep(i)
		if err != nil {
			return nil, fmt.Errorf("step %s: %w", f.Steps[i].ID, err)
		}
		p.Steps = append(p.Steps, ps)
	}
	return p, nil
}

func (p *Plan) compileStep(i int) (*PlanStep, error) {
	s := p.Flow.Steps[i]
	ps := &PlanStep{ID: s.ID, Kind: s.Kind(), Uses: s.Uses}
	var err error
	ps.Next = p.ref(s.Next, p.following(i))
	ps.OnError, ps.OnTimeout = p.ref(s.OnError, noTarget), p.ref(s.OnTimeout, noTarget)
	if ps.Retry, err = compileRetry(s.Retry); err != nil {
		return nil, err
	}
	if s.Timeout != "" {
		if ps.Timeout, err = flow.ParseDuration(string(s.Timeout)); err != nil {
			return nil, err
		}
	}
	switch ps.Kind {
	case flow.KindAction:
		ps.With, err = compileWith(s.With)
	case flow.KindBranch:
		ps.Then, ps.Else = p.ref(s.Then, ps.Next), p.ref(s.Else, ps.Next)
		ps.Cond, err = compileCondition(string(s.If))
	case flow.KindSwitch:
		err = p.compileSwitch(ps, s.Switch)
	default:
		err = fmt.Errorf("a step needs uses, if or switch")
	}
	return ps, err
}

func (p *Plan) compileSwitch(ps *PlanStep, sw *flow.Switch) error {
	ps.Default = p.ref(sw.Default, ps.Next)
	for _, c := range sw.Cases {
		prog, err := compileCondition(string(c.When))
		if err != nil {
			return err
		}
		ps.Cases = append(ps.Cases, planCase{When: prog, Next: p.ref(c.Next, ps.Next)})
	}
	return nil
}

// following is the step after i in list order, or the end.
func (p *Plan) following(i int) int {
	if i+1 < len(p.Flow.Steps) {
		return i + 1
	}
	return cursorEnd
}

// ref resolves a step reference; an empty one takes def.
func (p *Plan) ref(r flow.StepRef, def int) int {
	switch {
	case r == "":
		return def
	case r == flow.End:
		return cursorEnd
	}
	if i, ok := p.index[string(r)]; ok {
		return i
	}
	return cursorEnd
}

// StepIndex finds a step by ID.
func (p *Plan) StepIndex(id string) (int, bool) {
	i, ok := p.index[id]
	return i, ok
}

func compileCondition(src string) (*vm.Program, error) {
	return expr.Compile(src, expr.Env(flow.Env{}), expr.AsBool())
}

func compileRetry(r *flow.Retry) (retryPolicy, error) {
	out := retryPolicy{MaxAttempts: 1, Backoff: time.Second, MaxBackoff: 5 * time.Minute}
	if r == nil {
		return out, nil
	}
	out.MaxAttempts = 3
	if r.MaxAttempts > 0 {
		out.MaxAttempts = r.MaxAttempts
	}
	var err error
	if r.Backoff != "" {
		if out.Backoff, err = flow.ParseDuration(string(r.Backoff)); err != nil {
			return out, err
		}
	}
	if r.MaxBackoff != "" {
		out.MaxBackoff, err = flow.ParseDuration(string(r.MaxBackoff))
	}
	return out, err
}
