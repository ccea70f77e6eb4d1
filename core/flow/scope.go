package flow

import (
	"reflect"
	"regexp"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// exprScope is the typed environment one flow's expressions compile
// against: Env, with params typed from the flow's declarations.
type exprScope struct {
	env    any // a zero value of the environment struct
	params map[string]bool
}

var identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func newExprScope(params map[string]Param) *exprScope {
	s := &exprScope{params: map[string]bool{}}
	var fields []reflect.StructField
	for _, name := range sortedKeys(params) {
		if !identRe.MatchString(name) {
			continue
		}
		s.params[name] = true
		fields = append(fields, reflect.StructField{
			Name: "P" + name, // exported Go name; expressions use the tag
			Type: paramGoType(params[name].Type),
			Tag:  reflect.StructTag(`expr:"` + name + `"`),
		})
	}
	s.env = reflect.New(envType(reflect.StructOf(fields))).Elem().Interface()
	return s
}

// envType is Env with its Params field retyped.
func envType(params reflect.Type) reflect.Type {
	t := reflect.TypeOf(Env{})
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		fields[i] = t.Field(i)
		if fields[i].Name == "Params" {
			fields[i].Type = params
		}
	}
	return reflect.StructOf(fields)
}

func paramGoType(typ string) reflect.Type {
	switch typ {
	case "string":
		return reflect.TypeOf("")
	case "number":
		return reflect.TypeOf(float64(0))
	case "bool":
		return reflect.TypeOf(false)
	case "list":
		return reflect.TypeOf([]any{})
	case "object":
		return reflect.TypeOf(map[string]any{})
	}
	return reflect.TypeOf((*any)(nil)).Elem()
}

// compile type-checks one expression; a condition must yield a boolean.
func (s *exprScope) compile(src string, condition bool) (*vm.Program, error) {
	opts := []expr.Option{expr.Env(s.env)}
	if condition {
		opts = append(opts, expr.AsBool())
	}
	return expr.Compile(src, opts...)
}
