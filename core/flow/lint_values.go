package flow

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// checkValue checks one input value against its field declaration.
func (l *linter) checkValue(n *yaml.Node, f Field, sc inputScope) {
	n = resolve(n)
	if isNull(n) {
		return
	}
	switch f.Type {
	case TypeCondition:
		if l.wantString(n, f, sc) {
			l.checkCondition(nodeSite(n, sc.path, sc.step))
		}
		return
	case TypeStep:
		if l.wantString(n, f, sc) {
			l.checkStepInput(n, sc)
		}
		return
	}
	if isString(n) && hasTemplate(n.Value) {
		l.checkTemplated(n, f, sc)
		return
	}
	l.checkLiteral(n, f, sc)
}

// checkTemplated accepts a lone {{ }} for any type (the expression may
// yield it), but text around an expression always makes a string.
func (l *linter) checkTemplated(n *yaml.Node, f Field, sc inputScope) {
	l.checkTemplates(nodeSite(n, sc.path, sc.step))
	if !wholeTemplate(n.Value) && !textual(f.Type) {
		l.add(nodePos(n), CodeInvalidInput, sc.path,
			"want %s; text around {{ }} always makes a string", typeWord(f.Type))
	}
}

func textual(t FieldType) bool {
	return slices.Contains([]FieldType{TypeString, TypeDuration, TypeTime, TypeTimezone, TypeAny}, t)
}

func (l *linter) checkLiteral(n *yaml.Node, f Field, sc inputScope) {
	switch f.Type {
	case TypeAny:
		l.checkTemplatesIn(n, sc.path, sc.step)
	case TypeList:
		l.checkList(n, f, sc)
	case TypeObject:
		l.checkObject(n, f, sc)
	case TypeNumber, TypeInteger, TypeBool:
		l.wantScalar(n, f, sc)
	default:
		if l.wantString(n, f, sc) {
			l.checkText(n, f, sc)
		}
	}
}

func (l *linter) checkList(n *yaml.Node, f Field, sc inputScope) {
	if n.Kind != yaml.SequenceNode {
		l.add(nodePos(n), CodeInvalidInput, sc.path, "want a list, got %s", describe(n))
		return
	}
	item := Field{Type: TypeAny}
	if f.Items != nil {
		item = *f.Items
	}
	for i, c := range n.Content {
		l.checkValue(c, item, inputScope{step: sc.step, at: sc.at, path: index(sc.path, i)})
	}
}

func (l *linter) checkObject(n *yaml.Node, f Field, sc inputScope) {
	if n.Kind != yaml.MappingNode {
		l.add(nodePos(n), CodeInvalidInput, sc.path, "want a mapping, got %s", describe(n))
		return
	}
	if f.Fields == nil {
		l.checkTemplatesIn(n, sc.path, sc.step)
		return
	}
	l.checkFields(n, f.Fields, nil, nil, sc)
}

func (l *linter) wantScalar(n *yaml.Node, f Field, sc inputScope) {
	tags := map[FieldType][]string{TypeNumber: {"!!int", "!!float"}, TypeInteger: {"!!int"}, TypeBool: {"!!bool"}}[f.Type]
	if n.Kind != yaml.ScalarNode || !slices.Contains(tags, n.Tag) {
		l.add(nodePos(n), CodeInvalidInput, sc.path, "want %s, got %s", typeWord(f.Type), describe(n))
	}
}

func (l *linter) wantString(n *yaml.Node, f Field, sc inputScope) bool {
	if isString(n) {
		return true
	}
	l.add(nodePos(n), CodeInvalidInput, sc.path, "want %s, got %s", typeWord(f.Type), describe(n))
	return false
}

// checkText checks a literal string's enum, pattern and format.
func (l *linter) checkText(n *yaml.Node, f Field, sc inputScope) {
	v, at := n.Value, nodePos(n)
	switch {
	case len(f.Enum) > 0 && !slices.Contains(f.Enum, v):
		l.addKeyed(at, CodeInvalidInput, sc.path, key(ReasonNotOneOf, "value", v, "values", strings.Join(f.Enum, ", ")), "%q is not one of %s", v, list(f.Enum, "or"))
	case !matchesPattern(f.Pattern, v):
		l.add(at, CodeInvalidInput, sc.path, "%q does not match %s", v, f.Pattern)
	case f.Type == TypeDuration:
		l.checkDuration(v, at, sc.path)
	case f.Type == TypeTimezone:
		l.checkTimezone(v, at, sc.path)
	case f.Type == TypeTime && !validTime(v):
		l.add(at, CodeInvalidInput, sc.path, "%q is not a time; use HH:MM or an RFC 3339 timestamp", v)
	}
}

func matchesPattern(pattern, s string) bool {
	re, err := regexp.Compile(pattern)
	return pattern == "" || err != nil || re.MatchString(s)
}

func validTime(s string) bool {
	if _, err := time.Parse("15:04", s); err == nil {
		return true
	}
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

// checkStepInput checks a literal step reference such as goto's step.
func (l *linter) checkStepInput(n *yaml.Node, sc inputScope) {
	if _, ok := l.step(n.Value); ok || StepRef(n.Value) == End {
		return
	}
	l.addKeyed(nodePos(n), CodeDanglingReference, sc.path, key(ReasonDanglingStep, "step", n.Value, "suggestion", closest(n.Value, l.stepIDs())),
		"no step has id %q%s", n.Value, didYouMean(n.Value, l.stepIDs()))
}

func typeWord(t FieldType) string {
	switch t {
	case TypeNumber:
		return "a number"
	case TypeInteger:
		return "a whole number"
	case TypeBool:
		return "a boolean"
	case TypeList:
		return "a list"
	case TypeObject:
		return "a mapping"
	case TypeCondition:
		return "an expression"
	case TypeStep:
		return "a step id"
	case TypeAny:
		return "a value"
	}
	return "a " + string(t)
}
