package flow

import (
	"fmt"
	"regexp"
)

var flowNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// checkDocument checks the document-level fields.
func (l *linter) checkDocument() {
	f := l.flow
	if f.At.Has("version") && f.Version != 1 {
		l.add(f.At.ValueOf("version"), CodeUnsupportedVersion, "version",
			"version %d is not supported; this release reads version 1", f.Version)
	}
	if f.Name != "" && !flowNameRe.MatchString(f.Name) {
		l.addKeyed(f.At.ValueOf("name"), CodeInvalidValue, "name", key(ReasonInvalidName, "name", f.Name),
			"name %q must be lowercase letters, digits and dashes, like qualify-whatsapp-leads", f.Name)
	}
	if f.At.Has("steps") && len(f.Steps) == 0 {
		l.addKeyed(f.At.ValueOf("steps"), CodeMissingField, "steps", key(ReasonNoSteps), "a flow needs at least one step")
	}
}

// checkParams checks param names and that defaults match their types.
func (l *linter) checkParams() {
	for _, name := range sortedKeys(l.flow.Params) {
		p := l.flow.Params[name]
		path := join("params", name)
		if !identRe.MatchString(name) {
			l.add(p.At.Key, CodeInvalidValue, path,
				"param name %q must be an identifier (letters, digits, underscore) so expressions can read params.%s", name, name)
		}
		if p.Default != nil && p.Type != "" && !paramValueFits(p.Type, p.Default) {
			l.add(p.At.ValueOf("default"), CodeInvalidType, join(path, "default"),
				"default must be %s, got %s", paramTypeWord(p.Type), valueWord(p.Default))
		}
	}
}

// paramValueFits reports whether a plain value suits a param type.
func paramValueFits(typ string, v any) bool {
	switch v.(type) {
	case string:
		return typ == "string"
	case bool:
		return typ == "bool"
	case int, int64, uint64, float64:
		return typ == "number"
	case []any:
		return typ == "list"
	case map[string]any:
		return typ == "object"
	}
	return false
}

func paramTypeWord(typ string) string {
	return map[string]string{
		"string": "a string", "number": "a number", "bool": "a boolean",
		"list": "a list", "object": "a mapping",
	}[typ]
}

func valueWord(v any) string {
	for _, typ := range []string{"string", "number", "bool", "list", "object"} {
		if paramValueFits(typ, v) {
			return paramTypeWord(typ)
		}
	}
	return fmt.Sprintf("%T", v)
}
