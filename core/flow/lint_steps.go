package flow

import "regexp"

var stepIDRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// indexSteps maps step ids to positions, reporting bad and repeated ids.
func (l *linter) indexSteps() {
	l.index = map[string]int{}
	for i := range l.flow.Steps {
		s := &l.flow.Steps[i]
		path := index("steps", i)
		if !s.At.Has("id") {
			continue
		}
		if !stepIDRe.MatchString(s.ID) || StepRef(s.ID) == End {
			l.addKeyed(s.At.ValueOf("id"), CodeInvalidID, join(path, "id"), key(ReasonInvalidStepID, "step", s.ID),
				"step id %q must be an identifier (letters, digits, underscore) other than end", s.ID)
		}
		if first, dup := l.index[s.ID]; dup {
			l.addKeyed(s.At.ValueOf("id"), CodeDuplicateStep, join(path, "id"), key(ReasonDuplicateStep, "step", s.ID),
				"step id %q is already used by steps[%d]", s.ID, first)
			continue
		}
		l.index[s.ID] = i
	}
}

// checkSteps applies the per-step rules.
func (l *linter) checkSteps() {
	for i := range l.flow.Steps {
		s := &l.flow.Steps[i]
		path := index("steps", i)
		l.checkStepKeys(s, path)
		l.checkTargets(s, path)
		switch s.Kind() {
		case KindAction:
			l.checkActionStep(i, s, path)
		case KindBranch:
			if s.At.Has("if") {
				l.checkCondition(fieldSite(s.At, "if", string(s.If), join(path, "if"), i))
			}
		case KindSwitch:
			l.checkSwitch(i, s, path)
		}
	}
}

// checkStepKeys reports a step that is none or more than one kind, and
// keys that do not fit its kind.
func (l *linter) checkStepKeys(s *Step, path string) {
	kind := s.Kind()
	if kind == KindUnknown {
		if s.At.Has("id") || len(s.At.Fields()) > 0 {
			l.addKeyed(s.At.Pos, CodeMissingField, path, key(ReasonStepNeedsKind), "a step needs one of uses, if or switch")
		}
		return
	}
	for _, key := range s.At.Fields() {
		if kind.accepts(key) {
			continue
		}
		why := "it takes " + list(stepKeys[kind], "and")
		if key == "uses" || key == "if" || key == "switch" {
			why = "a step is exactly one of uses, if or switch"
		}
		l.add(s.At.KeyOf(key), CodeMisplacedKey, join(path, key), "%s does not belong on %s; %s", key, stepKindWords[kind], why)
	}
}

// checkTargets reports references to steps that do not exist.
func (l *linter) checkTargets(s *Step, path string) {
	for _, t := range s.targets() {
		if _, ok := l.step(string(t.ref)); ok || t.ref == End {
			continue
		}
		l.addKeyed(t.at, CodeDanglingReference, join(path, t.name), key(ReasonDanglingStep, "step", string(t.ref), "suggestion", closest(string(t.ref), l.stepIDs())),
			"%s: no step has id %q%s", t.name, t.ref, didYouMean(string(t.ref), l.stepIDs()))
	}
}

func (l *linter) checkSwitch(i int, s *Step, path string) {
	if s.Switch == nil {
		return
	}
	if len(s.Switch.Cases) == 0 && s.Switch.At.Has("cases") {
		l.addKeyed(s.Switch.At.ValueOf("cases"), CodeMissingField, join(path, "switch.cases"), key(ReasonSwitchNeedsCase), "a switch needs at least one case")
	}
	for j, c := range s.Switch.Cases {
		if c.At.Has("when") {
			cpath := index(join(path, "switch.cases"), j) + ".when"
			l.checkCondition(fieldSite(c.At, "when", string(c.When), cpath, i))
		}
	}
}

// checkActionStep checks the action, its exits, retry and timeout.
func (l *linter) checkActionStep(i int, s *Step, path string) {
	l.checkRetry(s, path)
	if s.At.Has("timeout") {
		l.checkDuration(string(s.Timeout), s.At.ValueOf("timeout"), join(path, "timeout"))
	}
	if !s.At.Has("uses") {
		return
	}
	spec, ok := l.action(s)
	if !ok {
		l.addKeyed(s.At.ValueOf("uses"), CodeUnknownAction, join(path, "uses"), key(ReasonUnknownAction, "action", s.Uses, "suggestion", closest(s.Uses, l.actionIDs())),
			"no core step or installed plugin provides action %q%s", s.Uses, didYouMean(s.Uses, l.actionIDs()))
		l.checkTemplatesIn(s.With, join(path, "with"), i)
		return
	}
	l.checkExits(s, spec, path)
	l.checkInputs(i, s, spec, join(path, "with"))
}

// checkExits reports exits the action cannot take.
func (l *linter) checkExits(s *Step, spec ActionSpec, path string) {
	if s.At.Has("on_timeout") && !spec.HasBranch(BranchOnTimeout) && !s.At.Has("timeout") {
		l.add(s.At.KeyOf("on_timeout"), CodeMisplacedKey, join(path, "on_timeout"),
			"on_timeout needs a timeout: %s has no timeout of its own, so set the step's timeout", spec.ID)
	}
	why := map[string]string{"end": "an end step ends the run", "goto": "a goto step continues at its with.step"}[spec.ID]
	for _, key := range []string{"next", "on_error", "on_timeout"} {
		if why != "" && s.At.Written(key) {
			l.add(s.At.KeyOf(key), CodeMisplacedKey, join(path, key), "%s does not belong here: %s", key, why)
		}
	}
}

func (l *linter) checkRetry(s *Step, path string) {
	r := s.Retry
	if r == nil {
		return
	}
	path = join(path, "retry")
	if r.At.Has("max_attempts") && r.MaxAttempts < 1 {
		l.add(r.At.ValueOf("max_attempts"), CodeInvalidValue, join(path, "max_attempts"),
			"max_attempts must be at least 1, got %d", r.MaxAttempts)
	}
	if r.At.Has("backoff") {
		l.checkDuration(string(r.Backoff), r.At.ValueOf("backoff"), join(path, "backoff"))
	}
	if r.At.Has("max_backoff") {
		l.checkDuration(string(r.MaxBackoff), r.At.ValueOf("max_backoff"), join(path, "max_backoff"))
	}
}

func (l *linter) checkDuration(s string, at Pos, path string) {
	if _, err := ParseDuration(s); err != nil {
		l.add(at, CodeInvalidDuration, path, "%s", err.Error())
	}
}

func (l *linter) actionIDs() []string {
	if l.cat == nil {
		return nil
	}
	var ids []string
	for _, a := range l.cat.Actions() {
		ids = append(ids, a.ID)
	}
	return ids
}
