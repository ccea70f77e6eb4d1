package flow

import (
	"errors"
	"slices"
	"strconv"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"gopkg.in/yaml.v3"
)

// checkSchemaInputs validates with against an action's raw JSON Schema.
// Problems at a {{ }} string are dropped: the expression may yield any type.
func (l *linter) checkSchemaInputs(with *yaml.Node, spec ActionSpec, sc inputScope) {
	var value any = map[string]any{}
	if !isNull(with) {
		l.checkTemplatesIn(with, sc.path, sc.step)
		v, prob := nodeValue(with)
		if prob != nil {
			l.add(nodePos(prob.node), CodeInvalidInput, sc.path, "%s", prob.msg)
			return
		}
		value = v
	}
	var verr *jsonschema.ValidationError
	if err := spec.schema.Validate(value); !errors.As(err, &verr) {
		return
	}
	for _, leaf := range schemaLeaves(verr) {
		if extra, ok := leaf.ErrorKind.(*kind.AdditionalProperties); ok {
			l.reportExtraInputs(with, leaf.InstanceLocation, extra.Properties, sc)
			continue
		}
		n := nodeAt(with, leaf.InstanceLocation)
		if n != nil && isString(n) && wholeTemplate(n.Value) {
			continue
		}
		at := sc.at
		if n != nil {
			at = nodePos(n)
		}
		l.add(at, CodeInvalidInput, pointerPath(sc.path, leaf.InstanceLocation), "%s", schemaMessage(leaf))
	}
}

// reportExtraInputs reports each key a schema does not allow at its key.
func (l *linter) reportExtraInputs(with *yaml.Node, loc []string, keys []string, sc inputScope) {
	parent := nodeAt(with, loc)
	for _, key := range keys {
		at, path := sc.at, pointerPath(sc.path, append(slices.Clip(loc), key))
		if parent != nil && parent.Kind == yaml.MappingNode {
			for _, p := range mappingPairs(parent) {
				if p.key.Value == key {
					at = nodePos(p.key)
				}
			}
		}
		l.addKeyed(at, CodeInvalidInput, path, keyed{ReasonUnknownInput, map[string]any{"input": key, "suggestion": ""}}, "unknown input %q", key)
	}
}

// schemaLeaves lists the innermost validation errors.
func schemaLeaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, schemaLeaves(c)...)
	}
	return out
}

func schemaMessage(e *jsonschema.ValidationError) string {
	if out := e.BasicOutput(); out != nil && out.Error != nil {
		return out.Error.String()
	}
	return "does not match the action's input schema"
}

// nodeAt follows a JSON instance location from n; nil when it leads nowhere.
func nodeAt(n *yaml.Node, loc []string) *yaml.Node {
	for _, tok := range loc {
		n = resolve(n)
		if n == nil {
			return nil
		}
		n = child(n, tok)
	}
	return resolve(n)
}

func child(n *yaml.Node, tok string) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		for _, p := range mappingPairs(n) {
			if p.key.Value == tok {
				return p.value
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
	}
	return nil
}

func pointerPath(base string, loc []string) string {
	for _, tok := range loc {
		if i, err := strconv.Atoi(tok); err == nil {
			base = index(base, i)
		} else {
			base = join(base, tok)
		}
	}
	return base
}
