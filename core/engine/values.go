package engine

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"gopkg.in/yaml.v3"

	"github.com/masteria/masteria/core/flow"
)

// value is a compiled input: a constant, a template, a list or a map.
type value interface {
	eval(env *flow.Env) (any, error)
}

type constant struct{ v any }

func (c constant) eval(*flow.Env) (any, error) { return c.v, nil }

// template is a string with {{ }} expressions. A string that is exactly
// one expression yields the expression's value with its type.
type template struct {
	parts []any // string literals and *vm.Program
	whole bool
}

func (t template) eval(env *flow.Env) (any, error) {
	if t.whole {
		return expr.Run(t.parts[0].(*vm.Program), env)
	}
	var b strings.Builder
	for _, p := range t.parts {
		switch p := p.(type) {
		case string:
			b.WriteString(p)
		case *vm.Program:
			v, err := expr.Run(p, env)
			if err != nil {
				return nil, err
			}
			if v != nil {
				fmt.Fprint(&b, v)
			}
		}
	}
	return b.String(), nil
}

type list []value

func (l list) eval(env *flow.Env) (any, error) {
	out := make([]any, len(l))
	for i, v := range l {
		x, err := v.eval(env)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

type object map[string]value

func (o object) eval(env *flow.Env) (any, error) { return evalMap(o, env) }

func evalMap(m map[string]value, env *flow.Env) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, v := range m {
		x, err := v.eval(env)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = x
	}
	return out, nil
}

// compileWith compiles a step's with block.
func compileWith(n *yaml.Node) (map[string]value, error) {
	if n == nil {
		return map[string]value{}, nil
	}
	v, err := compileNode(n)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(object)
	if !ok {
		return nil, fmt.Errorf("with must be a mapping")
	}
	return obj, nil
}

func compileNode(n *yaml.Node) (value, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return compileNode(n.Alias)
	case yaml.MappingNode:
		obj := object{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := compileNode(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			obj[n.Content[i].Value] = v
		}
		return obj, nil
	case yaml.SequenceNode:
		l := make(list, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := compileNode(c)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	}
	if n.Tag == "!!str" && strings.Contains(n.Value, "{{") {
		return compileTemplate(n.Value)
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, err
	}
	return constant{v}, nil
}

func compileTemplate(s string) (value, error) {
	var t template
	trimmed := strings.TrimSpace(s)
	t.whole = strings.HasPrefix(trimmed, "{{") && strings.HasSuffix(trimmed, "}}") && strings.Count(trimmed, "{{") == 1
	for rest := s; rest != ""; {
		open := strings.Index(rest, "{{")
		if open < 0 {
			t.parts = append(t.parts, rest)
			break
		}
		end := strings.Index(rest[open:], "}}")
		if end < 0 {
			return nil, fmt.Errorf("{{ is never closed")
		}
		prog, err := expr.Compile(rest[open+2:open+end], expr.Env(flow.Env{}))
		if err != nil {
			return nil, err
		}
		if open > 0 && !t.whole {
			t.parts = append(t.parts, rest[:open])
		}
		t.parts = append(t.parts, prog)
		rest = rest[open+end+2:]
		if t.whole {
			break
		}
	}
	return t, nil
}
