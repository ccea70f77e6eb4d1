package engine

import (
	"github.com/masteria/masteria/core/flow"
)

// wake handles a parked run whose time came: a delay ends, a retry runs
// the step again, a wait times out (on_timeout, else the next step).
func wake(p *Position) {
	w := p.State.Wait
	ps := p.Plan.Steps[w.Step]
	p.State.Wait = nil
	switch w.Kind {
	case WaitRetry:
		p.Cursor = w.Step
	case WaitDelay:
		p.Cursor = ps.Next
	default:
		p.State.Steps[ps.ID] = flow.StepResult{Output: map[string]any{"timed_out": true}}
		p.Cursor = ps.Next
		if ps.OnTimeout != noTarget {
			p.Cursor = ps.OnTimeout
		}
	}
}

// deliverReply resumes a run waiting for the contact's reply.
func deliverReply(p *Position, msg flow.Message) {
	ps := p.Plan.Steps[p.State.Wait.Step]
	p.State.Wait = nil
	p.State.Message = msg
	p.State.Steps[ps.ID] = flow.StepResult{Output: messageOutput(msg)}
	p.Cursor = ps.Next
}

// deliverEvent resumes a run whose wait.event matched ev.
func deliverEvent(p *Position, ev flow.Event) {
	ps := p.Plan.Steps[p.State.Wait.Step]
	p.State.Wait = nil
	p.State.Event = ev
	p.State.Steps[ps.ID] = flow.StepResult{Output: map[string]any{"type": ev.Type, "data": ev.Data}}
	p.Cursor = ps.Next
}

// release resumes a run parked on a handoff when the agent gives the
// conversation back.
func release(p *Position) {
	ps := p.Plan.Steps[p.State.Wait.Step]
	p.State.Wait = nil
	p.Cursor = ps.Next
}
