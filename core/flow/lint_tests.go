package flow

// checkTests checks that tests name existing steps and declared params.
func (l *linter) checkTests() {
	for i := range l.flow.Tests {
		t := &l.flow.Tests[i]
		path := index("tests", i)
		l.checkGiven(&t.Given, join(path, "given"))
		l.checkExpect(&t.Expect, join(path, "expect"))
	}
}

func (l *linter) checkGiven(g *Given, path string) {
	for _, id := range sortedKeys(g.Mocks) {
		l.checkTestStep(StepRef(id), g.Mocks[id].At.Key, join(path, "mocks."+id))
	}
	for _, name := range sortedKeys(g.Params) {
		at, ppath := g.At.KeyOf(join("params", name)), join(path, "params."+name)
		p, ok := l.flow.Params[name]
		switch {
		case !ok:
			l.add(at, CodeUnknownParam, ppath, "the flow declares no param %q%s", name, didYouMean(name, sortedKeys(l.flow.Params)))
		case g.Params[name] != nil && p.Type != "" && !paramValueFits(p.Type, g.Params[name]):
			l.add(g.At.ValueOf(join("params", name)), CodeInvalidType, ppath,
				"param %s must be %s, got %s", name, paramTypeWord(p.Type), valueWord(g.Params[name]))
		}
	}
}

func (l *linter) checkExpect(e *Expect, path string) {
	for j, id := range e.Path {
		l.checkTestStep(id, e.At.ValueOf(index("path", j)), index(join(path, "path"), j))
	}
	for j, s := range e.Sends {
		if s.At.Has("step") {
			l.checkTestStep(s.Step, s.At.ValueOf("step"), index(join(path, "sends"), j)+".step")
		}
	}
}

func (l *linter) checkTestStep(id StepRef, at Pos, path string) {
	if _, ok := l.step(string(id)); ok {
		return
	}
	l.add(at, CodeUnknownTestStep, path, "the flow has no step %q%s", id, didYouMean(string(id), l.stepIDs()))
}
