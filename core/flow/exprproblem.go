package flow

import (
	"errors"
	"regexp"
	"strings"

	"github.com/expr-lang/expr/file"
)

// Expression problems people commonly meet, keyed so a form words them in
// its own language: the reason, and params naming what the English names
// and where (line and column, from 1, in the text the expression sits in).
const (
	ExprUnknownField    = "expr_unknown_field"
	ExprUnknownName     = "expr_unknown_name"
	ExprUnexpectedToken = "expr_unexpected_token"
	ExprUnexpectedEnd   = "expr_unexpected_end"
	ExprUnterminated    = "expr_unterminated_string"
	ExprNotCondition    = "expr_not_condition"
	ExprMismatchedTypes = "expr_mismatched_types"
	ExprInvalid         = "expr_invalid"
)

var (
	noFieldRe    = regexp.MustCompile(`^type (.+) has no field (\S+)$`)
	unknownRe    = regexp.MustCompile(`^unknown name (\S+)$`)
	tokenRe      = regexp.MustCompile(`^unexpected token \w+\("(.*)"\)$`)
	notBoolRe    = regexp.MustCompile(`^expected bool, but got (\S+)$`)
	mismatchedRe = regexp.MustCompile(`^invalid operation: (\S+) \(mismatched types (\S+) and (\S+)\)$`)
	// envObjects are the environment's types as an expression names them.
	envObjects = map[string]string{"flow.Contact": "contact", "*flow.Contact": "contact", "flow.Message": "message",
		"*flow.Message": "message", "flow.Event": "event", "flow.StepResult": "steps.<id>"}
)

// ExprProblem keys err, the compile error of an expression that starts at
// rune offset of text: its reason and params, or "" when it is not one
// people commonly meet and says no place.
func ExprProblem(err error, text string, offset int) (string, map[string]any) {
	if err == nil {
		return "", nil
	}
	if m := notBoolRe.FindStringSubmatch(err.Error()); m != nil {
		return ExprNotCondition, map[string]any{"got": m[1]}
	}
	var fe *file.Error
	if !errors.As(err, &fe) || fe.Snippet == "" { // no place known
		return "", nil
	}
	msg := fe.Message
	line, col := lineCol(text, offset+fe.From)
	at := func(kv ...any) map[string]any {
		p := map[string]any{"line": line, "column": col}
		for i := 0; i+1 < len(kv); i += 2 {
			p[kv[i].(string)] = kv[i+1]
		}
		return p
	}
	switch m := noFieldRe.FindStringSubmatch(msg); {
	case m != nil:
		obj, ok := envObjects[m[1]]
		if !ok && strings.HasPrefix(m[1], "struct {") {
			obj = "params"
		} else if !ok {
			obj = m[1]
		}
		return ExprUnknownField, at("object", obj, "field", m[2])
	}
	if m := unknownRe.FindStringSubmatch(msg); m != nil {
		return ExprUnknownName, at("name", m[1])
	}
	if msg == "unexpected token EOF" {
		return ExprUnexpectedEnd, at()
	}
	if m := tokenRe.FindStringSubmatch(msg); m != nil {
		return ExprUnexpectedToken, at("token", m[1])
	}
	if msg == "literal not terminated" {
		return ExprUnterminated, at()
	}
	if m := mismatchedRe.FindStringSubmatch(msg); m != nil {
		return ExprMismatchedTypes, at("operator", m[1], "left", m[2], "right", m[3])
	}
	return ExprInvalid, at("detail", msg)
}

// lineCol is the line and column, from 1, of rune offset in text.
func lineCol(text string, offset int) (line, col int) {
	line, col = 1, 1
	for i, r := range []rune(text) {
		if i == offset {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
