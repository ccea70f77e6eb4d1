package flow

import (
	"errors"
	"regexp"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"gopkg.in/yaml.v3"
)

// exprSite says where an expression was written.
type exprSite struct {
	at    Pos        // start of the YAML value holding it
	style yaml.Style // how that value was written
	text  string     // the whole YAML value
	path  string
	step  int // index of the step it belongs to; -1 for the trigger
}

func nodeSite(n *yaml.Node, path string, step int) exprSite {
	return exprSite{at: nodePos(n), style: n.Style, text: n.Value, path: path, step: step}
}

func fieldSite(s Span, name, text, path string, step int) exprSite {
	return exprSite{at: s.ValueOf(name), style: s.styleOf(name), text: text, path: path, step: step}
}

// posAt places a rune offset of the value in the source, exactly for
// one-line plain and quoted values and at the value's start otherwise.
func (s exprSite) posAt(offset int) Pos {
	runes := []rune(s.text)
	offset = min(max(offset, 0), len(runes))
	if s.style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || strings.ContainsRune(string(runes[:offset]), '\n') {
		return s.at
	}
	col := s.at.Col + offset
	if s.style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		col++
	}
	return Pos{Line: s.at.Line, Col: col}
}

// checkCondition checks a value that is one boolean expression.
func (l *linter) checkCondition(site exprSite) {
	l.checkExpr(site.text, 0, site, true)
}

// checkTemplates checks every {{ }} expression inside a string value.
func (l *linter) checkTemplates(site exprSite) {
	segments, err := templateSegments(site.text)
	if err != nil {
		l.add(site.posAt(err.offset), CodeInvalidExpression, site.path, "%s", err.msg)
	}
	for _, seg := range segments {
		l.checkExpr(seg.src, seg.offset, site, false)
	}
}

// checkExpr parses an expression, checks its steps and params references
// and compiles it against the flow's typed environment.
func (l *linter) checkExpr(src string, offset int, site exprSite, condition bool) {
	if strings.TrimSpace(src) == "" {
		l.addKeyed(site.posAt(offset), CodeInvalidExpression, site.path, key(ReasonEmptyExpression), "empty expression")
		return
	}
	tree, err := parser.Parse(src)
	if err != nil {
		l.exprError(err, offset, site)
		return
	}
	if l.checkRefs(tree, offset, site) {
		return
	}
	if _, err := l.scope.compile(src, condition); err != nil {
		l.exprError(err, offset, site)
	}
}

// Expression errors name Go types; these rewrites name what the flow
// author wrote instead.
var (
	anonStructRe = regexp.MustCompile(`(?:type )?struct \{(?:[^{}]|\{\})*\}`)
	envTypeNames = strings.NewReplacer("type flow.Contact", "contact", "type flow.Message", "message",
		"type flow.Event", "event", "type flow.StepResult", "steps.<id>")
)

func (l *linter) exprError(err error, offset int, site exprSite) {
	msg, at := err.Error(), 0
	var fe *file.Error
	if errors.As(err, &fe) {
		msg, at = fe.Message, fe.From
	}
	msg = envTypeNames.Replace(anonStructRe.ReplaceAllString(msg, "params"))
	if reason, p := ExprProblem(err, "", 0); reason != "" {
		delete(p, "line") // the diagnostic places it
		delete(p, "column")
		if len(p) == 0 {
			p = nil
		}
		l.addKeyed(site.posAt(offset+at), CodeInvalidExpression, site.path, keyed{reason: reason, params: p}, "%s", msg)
		return
	}
	l.add(site.posAt(offset+at), CodeInvalidExpression, site.path, "%s", msg)
}

// exprRef is a literal steps.<id> or params.<name> access.
type exprRef struct {
	root, name string
	from       int
}

type refCollector []exprRef

// Visit records literal steps.<id> and params.<name> member accesses.
func (c *refCollector) Visit(n *ast.Node) {
	m, ok := (*n).(*ast.MemberNode)
	if !ok {
		return
	}
	id, ok := m.Node.(*ast.IdentifierNode)
	prop, isStr := m.Property.(*ast.StringNode)
	if ok && isStr && (id.Value == "steps" || id.Value == "params") {
		*c = append(*c, exprRef{root: id.Value, name: prop.Value, from: id.Location().From})
	}
}

// checkRefs reports references to undeclared params and to steps that do
// not exist or never run before the expression's step; it returns whether
// it reported anything.
func (l *linter) checkRefs(tree *parser.Tree, offset int, site exprSite) bool {
	var refs refCollector
	ast.Walk(&tree.Node, &refs)
	reported := false
	for _, ref := range refs {
		at := site.posAt(offset + ref.from)
		if msg, code := l.refProblem(ref, site.step); msg != "" {
			l.add(at, code, site.path, "%s", msg)
			reported = true
		}
	}
	return reported
}

func (l *linter) refProblem(ref exprRef, step int) (string, string) {
	if ref.root == "params" {
		if l.scope.params[ref.name] {
			return "", ""
		}
		return "params." + ref.name + " is not declared" + didYouMean(ref.name, sortedKeys(l.scope.params)), CodeUnknownParam
	}
	target, ok := l.step(ref.name)
	switch {
	case !ok:
		return "no step has id " + quote(ref.name) + didYouMean(ref.name, l.stepIDs()), CodeUnknownStep
	case step < 0:
		return "steps." + ref.name + " is read by the trigger, before any step runs", CodeUnknownStep
	case !l.graph.reaches(target, step):
		return "step " + quote(ref.name) + " never runs before step " + quote(l.flow.Steps[step].ID), CodeUnknownStep
	}
	return "", ""
}
