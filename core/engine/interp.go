package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/expr-lang/expr"

	"github.com/masteria/masteria/core/flow"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/sdk"
)

// DefaultMaxSteps is the loop guard: a run that executes more steps fails.
const DefaultMaxSteps = 1000

// Interp executes one step of a run at a time. It holds no run state, so
// the durable engine and the flow test runner share it.
type Interp struct {
	Actions  *Actions
	MaxSteps int
	// Mocks replace steps' results by step ID (flow tests and dry runs).
	Mocks map[string]flow.Mock
}

// Position is a run's place: the plan, its state and the cursor.
type Position struct {
	TenantID, RunID string
	Plan            *Plan
	State           *State
	Cursor          int
	Steps           int // executed so far (loop guard)
}

// Outcome says what one step did to the run.
type Outcome struct {
	Trace  store.RunStep
	Parked bool   // the run waits: State.Wait says for what
	Failed string // the run failed
}

// Step executes the step at the cursor and moves the position.
func (in *Interp) Step(ctx context.Context, p *Position, now time.Time) Outcome {
	ps := p.Plan.Steps[p.Cursor]
	st := p.State
	if st.Attempt == 0 {
		st.Visits[ps.ID]++
	}
	st.Seq++
	p.Steps++
	tr := store.RunStep{RunID: p.RunID, Seq: st.Seq, StepID: ps.ID, Attempt: st.Attempt + 1, StartedAt: now,
		IdempotencyKey: p.RunID + ":" + ps.ID + ":" + strconv.Itoa(st.Visits[ps.ID])}
	max := in.MaxSteps
	if max <= 0 {
		max = DefaultMaxSteps
	}
	if p.Steps > max {
		return finish(tr, "failed", Outcome{Failed: fmt.Sprintf("loop guard: more than %d steps", max)})
	}
	switch ps.Kind {
	case flow.KindBranch:
		return in.branch(p, ps, tr, now)
	case flow.KindSwitch:
		return in.choose(p, ps, tr, now)
	}
	return in.action(ctx, p, ps, tr, now)
}

func finish(tr store.RunStep, status string, o Outcome) Outcome {
	tr.Status, tr.FinishedAt = status, store.Now()
	if o.Failed != "" {
		tr.Error = o.Failed
	}
	o.Trace = tr
	return o
}

func (in *Interp) branch(p *Position, ps *PlanStep, tr store.RunStep, now time.Time) Outcome {
	v, err := expr.Run(ps.Cond, p.State.env(now))
	if err != nil {
		return finish(tr, "failed", Outcome{Failed: "if: " + err.Error()})
	}
	ok, _ := v.(bool)
	p.Cursor = ps.Else
	if ok {
		p.Cursor = ps.Then
	}
	tr.Output = marshal(map[string]any{"result": ok})
	return finish(tr, "ok", Outcome{})
}

func (in *Interp) choose(p *Position, ps *PlanStep, tr store.RunStep, now time.Time) Outcome {
	env := p.State.env(now)
	p.Cursor = ps.Default
	chosen := -1
	for i, c := range ps.Cases {
		v, err := expr.Run(c.When, env)
		if err != nil {
			return finish(tr, "failed", Outcome{Failed: fmt.Sprintf("switch case %d: %v", i, err)})
		}
		if ok, _ := v.(bool); ok {
			p.Cursor, chosen = c.Next, i
			break
		}
	}
	tr.Output = marshal(map[string]any{"case": chosen})
	return finish(tr, "ok", Outcome{})
}

func (in *Interp) action(ctx context.Context, p *Position, ps *PlanStep, tr store.RunStep, now time.Time) Outcome {
	st := p.State
	input, err := evalMap(ps.With, st.env(now))
	if err != nil {
		return in.failed(p, ps, tr, now, sdk.Permanent(fmt.Errorf("inputs: %w", err), ""))
	}
	tr.Input = marshal(input)
	act, err := in.lookup(ps, st.Visits[ps.ID])
	if err != nil {
		return in.failed(p, ps, tr, now, err)
	}
	if ps.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, ps.Timeout)
		defer cancel()
	}
	res, err := act.Invoke(ctx, Call{TenantID: p.TenantID, RunID: p.RunID, Step: ps, Plan: p.Plan, Input: input,
		IdempotencyKey: tr.IdempotencyKey, State: st, Now: now})
	if err != nil {
		return in.failed(p, ps, tr, now, err)
	}
	st.Attempt = 0
	for k, v := range res.Vars {
		st.Vars[k] = v
	}
	st.Steps[ps.ID] = flow.StepResult{Output: res.Output}
	tr.Output = marshal(res.Output)
	p.Cursor = ps.Next
	if res.Goto != nil {
		p.Cursor = *res.Goto
	}
	if res.Wait != nil {
		return in.park(p, ps, tr, res.Wait)
	}
	return finish(tr, "ok", Outcome{})
}

// lookup finds the step's action, or its mock: a mock stands for the
// step's first visit only, so a loop back into a mocked wait really waits.
func (in *Interp) lookup(ps *PlanStep, visit int) (Action, error) {
	m, ok := in.Mocks[ps.ID]
	if !ok || visit > 1 {
		return in.Actions.Lookup(ps.Uses)
	}
	return ActionFunc(func(context.Context, Call) (Result, error) {
		switch m.Error {
		case "":
		case "timeout": // a mocked wait or call that ran out of time: on_timeout
			return Result{}, fmt.Errorf("mocked: %w", context.DeadlineExceeded)
		default:
			return Result{}, sdk.Permanent(errors.New(m.Error), "")
		}
		return Result{Output: m.Output}, nil
	}), nil
}

// park parks the run on w, unless a wait.reply finds a message already
// pending, which it takes at once.
func (in *Interp) park(p *Position, ps *PlanStep, tr store.RunStep, w *Wait) Outcome {
	st := p.State
	if w.Kind == WaitReply && len(st.Pending) > 0 {
		msg := st.Pending[0]
		st.Pending = st.Pending[1:]
		st.Message = msg
		st.Steps[ps.ID] = flow.StepResult{Output: messageOutput(msg)}
		tr.Output = marshal(messageOutput(msg))
		return finish(tr, "ok", Outcome{})
	}
	w.Step = indexOf(p.Plan, ps)
	st.Wait = w
	return finish(tr, "waiting", Outcome{Parked: true})
}

// failed applies the step's error policy: timeout branch, retry with
// backoff and jitter, on_error, or fail the run.
func (in *Interp) failed(p *Position, ps *PlanStep, tr store.RunStep, now time.Time, err error) Outcome {
	st := p.State
	tr.Error = err.Error()
	_, retryAfter, _ := sdk.ClassOf(err)
	if errors.Is(err, context.DeadlineExceeded) && ps.OnTimeout != noTarget {
		st.Attempt, p.Cursor = 0, ps.OnTimeout
		st.Steps[ps.ID] = flow.StepResult{Error: "timed out"}
		return finish(tr, "timeout", Outcome{})
	}
	if retries(ps, st.Attempt, err) { // the rule WillRetry tells plugin calls
		st.Attempt++
		until := now.Add(max(backoff(ps.Retry, st.Attempt), retryAfter))
		st.Wait = &Wait{Kind: WaitRetry, Step: p.Cursor, Until: &until}
		return finish(tr, "retry", Outcome{Parked: true})
	}
	st.Attempt = 0
	if ps.OnError != noTarget {
		st.Steps[ps.ID] = flow.StepResult{Error: err.Error()}
		p.Cursor = ps.OnError
		return finish(tr, "error", Outcome{})
	}
	return finish(tr, "failed", Outcome{Failed: fmt.Sprintf("step %s: %v", ps.ID, err)})
}

// backoff is exponential with jitter: base·2^(attempt-1), capped, then a
// random 50–100% of it so retries of many runs spread out.
func backoff(r retryPolicy, attempt int) time.Duration {
	d := r.Backoff << (attempt - 1)
	if d <= 0 || d > r.MaxBackoff {
		d = r.MaxBackoff
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

func indexOf(p *Plan, ps *PlanStep) int {
	i, _ := p.StepIndex(ps.ID)
	return i
}

func marshal(v any) string {
	if v == nil {
		return ""
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return string(raw)
}
