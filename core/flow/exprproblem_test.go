package flow

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/expr-lang/expr"

	"github.com/masteria/masteria/core/apperr"
)

// TestExprProblemKeysCommonErrors: the compile errors people commonly
// meet are keyed with what they name and where; a place counts from the
// text the expression sits in; an error of no known place is not keyed.
func TestExprProblemKeysCommonErrors(t *testing.T) {
	for _, tc := range []struct {
		src, text string
		offset    int
		reason    string
		params    string
	}{
		{`contact.tags contains "x"`, "", 0, ExprMismatchedTypes, `{"column":14,"left":"[]string","line":1,"operator":"contains","right":"string"}`},
		{`contact.name == 'a`, "", 0, ExprUnterminated, `{"column":19,"line":1}`},
		{`nope.x`, "", 0, ExprUnknownName, `{"column":1,"line":1,"name":"nope"}`},
		{`message.txt`, "Oi\n{{ message.txt }}", 6, ExprUnknownField, `{"column":12,"field":"txt","line":2,"object":"message"}`},
		{`contact.name matches "("`, "", 0, ExprInvalid, "{\"column\":14,\"detail\":\"error parsing regexp: missing closing ): `(`\",\"line\":1}"},
	} {
		_, err := expr.Compile(tc.src, expr.Env(&Env{}))
		text := tc.text
		if text == "" {
			text = tc.src
		}
		reason, p := ExprProblem(err, text, tc.offset)
		params, _ := json.Marshal(p)
		if reason != tc.reason || string(params) != tc.params {
			t.Errorf("%s: %s %s (%v)", tc.src, reason, params, err)
		}
		if _, ok := apperr.FieldReasons[apperr.FieldReason(reason)]; !ok {
			t.Errorf("%s is not a field reason", reason)
		}
	}
	if reason, _ := ExprProblem(errorString("plain"), "x", 0); reason != "" {
		t.Errorf("a plain error keyed as %s", reason)
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

// TestLintKeysExpressionProblems: the lint keys an expression's common
// compile errors too, its diagnostic placing them (no line or column in
// params).
func TestLintKeysExpressionProblems(t *testing.T) {
	src := "version: 1\nname: x\ntrigger: { on: manual }\nsteps:\n  - id: a\n    if: 'contact.nome == \"x\"'\n    then: b\n    else: end\n" +
		"  - id: b\n    uses: set\n    with: { v: '{{ contact.name == }}' }\n"
	var got []string
	for _, d := range Lint("f.yaml", []byte(src), testCatalog(t)) {
		params, _ := json.Marshal(d.Params)
		got = append(got, d.Reason+" "+string(params))
	}
	want := `expr_unknown_field {"field":"nome","object":"contact"}|expr_unexpected_end null`
	if g := strings.Join(got, "|"); g != want {
		t.Fatalf("got  %s\nwant %s", g, want)
	}
}
