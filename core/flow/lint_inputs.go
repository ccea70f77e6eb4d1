package flow

import (
	"slices"

	"gopkg.in/yaml.v3"
)

// inputScope carries what input checks of one step share.
type inputScope struct {
	step int    // the step's index
	at   Pos    // where to report inputs that are missing altogether
	path string // path of the step's with
}

// checkInputs validates a step's with against its action's declaration.
func (l *linter) checkInputs(i int, s *Step, spec ActionSpec, path string) {
	at := s.At.ValueOf("uses")
	if s.At.Has("with") {
		at = s.At.ValueOf("with")
	}
	sc := inputScope{step: i, at: at, path: path}
	if spec.schema != nil {
		l.checkSchemaInputs(s.With, spec, sc)
		return
	}
	l.checkFields(s.With, spec.Input, spec.Extra, spec.OneOf, sc)
}

// checkFields checks a mapping against a field list: unknown, missing and
// repeated keys, exclusive groups, then each value.
func (l *linter) checkFields(n *yaml.Node, fields []Field, extra *Field, oneOf [][]string, sc inputScope) {
	n = resolve(n)
	given := map[string]bool{}
	if !isNull(n) {
		if n.Kind != yaml.MappingNode {
			l.add(nodePos(n), CodeInvalidInput, sc.path, "want a mapping of inputs, got %s", describe(n))
			return
		}
		sc.at = nodePos(n)
		for _, p := range l.inputPairs(n, sc.path) {
			given[p.key.Value] = !isNull(p.value)
			l.checkField(p, fields, extra, inputScope{step: sc.step, at: sc.at, path: join(sc.path, p.key.Value)})
		}
	}
	for _, f := range fields {
		if f.Required && !given[f.Name] {
			l.addKeyed(sc.at, CodeInvalidInput, join(sc.path, f.Name), key(ReasonMissingInput, "input", f.Name), "missing required input %q", f.Name)
		}
	}
	l.checkOneOf(given, oneOf, sc)
}

func (l *linter) checkField(p pair, fields []Field, extra *Field, sc inputScope) {
	i := slices.IndexFunc(fields, func(f Field) bool { return f.Name == p.key.Value })
	switch {
	case i >= 0:
		l.checkValue(p.value, fields[i], sc)
	case extra != nil:
		l.checkValue(p.value, *extra, sc)
	default:
		names := fieldNamesOf(fields)
		l.addKeyed(nodePos(p.key), CodeInvalidInput, sc.path, key(ReasonUnknownInput, "input", p.key.Value, "suggestion", closest(p.key.Value, names)), "unknown input %q%s",
			p.key.Value, orList(p.key.Value, names, "inputs are"))
	}
}

func (l *linter) checkOneOf(given map[string]bool, oneOf [][]string, sc inputScope) {
	for _, group := range oneOf {
		var set []string
		for _, name := range group {
			if given[name] {
				set = append(set, name)
			}
		}
		switch {
		case len(set) == 0:
			l.add(sc.at, CodeInvalidInput, sc.path, "give one of %s", list(group, "or"))
		case len(set) > 1:
			l.add(sc.at, CodeInvalidInput, sc.path, "give only one of %s", list(set, "or"))
		}
	}
}

// inputPairs lists a raw mapping's entries, reporting repeated and
// non-string keys.
func (l *linter) inputPairs(n *yaml.Node, path string) []pair {
	d := decoder{report: l.report}
	return d.pairs(n, path)
}

// checkTemplatesIn checks every {{ }} expression in the strings under n.
func (l *linter) checkTemplatesIn(n *yaml.Node, path string, step int) {
	n = resolve(n)
	switch {
	case n == nil:
	case n.Kind == yaml.MappingNode:
		for _, p := range l.inputPairs(n, path) {
			l.checkTemplatesIn(p.value, join(path, p.key.Value), step)
		}
	case n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			l.checkTemplatesIn(item, index(path, i), step)
		}
	case isString(n) && hasTemplate(n.Value):
		l.checkTemplates(nodeSite(n, path, step))
	}
}

func fieldNamesOf(fields []Field) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return names
}
