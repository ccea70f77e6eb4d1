// Package simjson decodes the JSON bodies of the simulators' control
// endpoints strictly: a field the body names that the endpoint does not
// know is refused, with the endpoint's fields (and the right one, for a
// name people often guess) in the message, instead of being dropped.
package simjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// Decode reads one JSON object from r into v (a pointer to a struct),
// refusing unknown fields and anything after the object. guesses maps a
// wrong field name people use to the right one ("text" → "body").
func Decode(r io.Reader, v any, guesses map[string]string) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err == nil {
		return nil
	}
	name, ok := unknownField(err)
	if !ok {
		return err
	}
	if right, ok := guesses[name]; ok {
		return fmt.Errorf("unknown field %q: did you mean %q? The fields are %s", name, right, strings.Join(Fields(v), ", "))
	}
	return fmt.Errorf("unknown field %q; the fields are %s", name, strings.Join(Fields(v), ", "))
}

// unknownField reads the name in encoding/json's `json: unknown field "x"`.
func unknownField(err error) (string, bool) {
	rest, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return "", false
	}
	name, uerr := strconv.Unquote(rest) // encoding/json writes it with %q
	return name, uerr == nil
}

// Fields lists the JSON names of the struct v points to, in order.
func Fields(v any) []string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || !f.IsExported():
		case name == "":
			out = append(out, f.Name)
		default:
			out = append(out, name)
		}
	}
	return out
}
