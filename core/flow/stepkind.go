package flow

import "slices"

// StepKind is what a step does: run an action, branch on a condition, or
// switch over cases.
type StepKind int

// Step kinds.
const (
	KindUnknown StepKind = iota // none of uses, if, switch
	KindAction                  // uses
	KindBranch                  // if with then/else
	KindSwitch                  // switch
)

// Kind classifies the step by the first of uses, if and switch it has.
func (s *Step) Kind() StepKind {
	switch {
	case s.At.Written("uses"):
		return KindAction
	case s.At.Written("if"):
		return KindBranch
	case s.At.Written("switch"):
		return KindSwitch
	}
	return KindUnknown
}

var stepKeys = map[StepKind][]string{
	KindAction: {"id", "uses", "with", "next", "on_error", "on_timeout", "retry", "timeout", "x-ui"},
	KindBranch: {"id", "if", "then", "else", "next", "x-ui"},
	KindSwitch: {"id", "switch", "next", "x-ui"},
}

var stepKindWords = map[StepKind]string{
	KindAction: "an action step (one with uses)",
	KindBranch: "a branch step (one with if)",
	KindSwitch: "a switch step",
}

// accepts reports whether a step of this kind may carry the key.
func (k StepKind) accepts(key string) bool {
	return k == KindUnknown || slices.Contains(stepKeys[k], key)
}

// target is one outgoing reference of a step.
type target struct {
	name string // field path relative to the step: next, switch.cases[0].next
	ref  StepRef
	at   Pos
}

// targets lists the step references written on a step, in source order
// of fields.
func (s *Step) targets() []target {
	var out []target
	add := func(name string, ref StepRef, at Span, field string) {
		if at.Has(field) {
			out = append(out, target{name: name, ref: ref, at: at.ValueOf(field)})
		}
	}
	add("then", s.Then, s.At, "then")
	add("else", s.Else, s.At, "else")
	if sw := s.Switch; sw != nil {
		for i, c := range sw.Cases {
			add(index("switch.cases", i)+".next", c.Next, c.At, "next")
		}
		add("switch.default", sw.Default, sw.At, "default")
	}
	add("next", s.Next, s.At, "next")
	add("on_error", s.OnError, s.At, "on_error")
	add("on_timeout", s.OnTimeout, s.At, "on_timeout")
	return out
}
