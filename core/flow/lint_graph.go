package flow

import "strings"

// checkGraph reports steps no run can reach and loops with no wait in them.
func (l *linter) checkGraph() {
	steps := l.flow.Steps
	if len(steps) == 0 {
		return
	}
	reached := l.graph.reachable(0)
	for i := range steps {
		if !reached[i] {
			l.addKeyed(steps[i].At.ValueOf("id"), CodeUnreachableStep, index("steps", i), key(ReasonUnreachableStep, "step", steps[i].ID),
				"step %q is never reached: no step before it continues here", steps[i].ID)
		}
	}
	for _, loop := range l.graph.spinLoops(l.waitingSteps()) {
		first := steps[loop[0]]
		l.add(first.At.ValueOf("id"), CodeCycleWithoutWait, index("steps", loop[0]),
			"%s loop with no delay or wait step, so a run would spin forever", l.loopWords(loop))
	}
}

// waitingSteps marks steps whose action pauses the run.
func (l *linter) waitingSteps() []bool {
	waits := make([]bool, len(l.flow.Steps))
	for i := range l.flow.Steps {
		spec, ok := l.action(&l.flow.Steps[i])
		waits[i] = ok && spec.Waits
	}
	return waits
}

func (l *linter) loopWords(loop []int) string {
	if len(loop) == 1 {
		return "step " + quote(l.flow.Steps[loop[0]].ID) + " continues at itself, a"
	}
	ids := make([]string, len(loop))
	for i, s := range loop {
		ids[i] = quote(l.flow.Steps[s].ID)
	}
	return "steps " + strings.Join(ids, ", ") + " form a"
}
