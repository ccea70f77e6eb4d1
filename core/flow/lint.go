package flow

// Lint parses and checks one flow document and returns every problem found,
// sorted by position. An empty result means the flow is valid against cat.
func Lint(filename string, src []byte, cat Catalog) []Diagnostic {
	f, diags := Parse(filename, src)
	if f != nil {
		diags = append(diags, Check(f, cat)...)
	}
	return sortDiagnostics(diags)
}

// Check applies the semantic rules to a parsed flow: version, trigger,
// step kinds and references, action inputs, reachability, loops,
// expressions and tests.
func Check(f *Flow, cat Catalog) []Diagnostic {
	l := newLinter(f, cat)
	l.checkDocument()
	l.checkParams()
	l.checkTrigger()
	l.checkSteps()
	l.checkGraph()
	l.checkTests()
	return sortDiagnostics(l.diags)
}

// linter holds what the rules share while checking one flow.
type linter struct {
	*report
	flow  *Flow
	cat   Catalog
	index map[string]int // step id -> index of its first definition
	graph *stepGraph
	scope *exprScope
}

// newLinter indexes the steps, builds the control-flow graph and the
// expression scope the rules share.
func newLinter(f *Flow, cat Catalog) *linter {
	l := &linter{report: &report{file: f.File}, flow: f, cat: cat}
	l.indexSteps()
	l.graph = l.buildGraph()
	l.scope = newExprScope(f.Params)
	return l
}

// step returns the index of the step with the given id.
func (l *linter) step(id string) (int, bool) {
	i, ok := l.index[id]
	return i, ok
}

// action returns the spec of an action step, if it names a known action.
func (l *linter) action(s *Step) (ActionSpec, bool) {
	if s.Uses == "" || l.cat == nil {
		return ActionSpec{}, false
	}
	return l.cat.Action(s.Uses)
}

func (l *linter) stepIDs() []string {
	return sortedKeys(l.index)
}
