package flow

import (
	"reflect"
	"strings"
	"sync"
)

// modelField describes one struct field of the model as its tags declare it.
type modelField struct {
	name     string // the YAML key
	index    int    // the Go field index
	typ      reflect.Type
	required bool
	enum     []string
	doc      string
}

var modelFieldCache sync.Map // reflect.Type -> []modelField

// modelFields lists the YAML-visible fields of a model struct type.
func modelFields(t reflect.Type) []modelField {
	if cached, ok := modelFieldCache.Load(t); ok {
		return cached.([]modelField)
	}
	var fields []modelField
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		f := modelField{name: name, index: i, typ: sf.Type, doc: sf.Tag.Get("doc")}
		f.required = sf.Tag.Get("flow") == "required"
		if e := sf.Tag.Get("enum"); e != "" {
			f.enum = strings.Split(e, "|")
		}
		fields = append(fields, f)
	}
	modelFieldCache.Store(t, fields)
	return fields
}

func findModelField(fields []modelField, name string) (modelField, bool) {
	for _, f := range fields {
		if f.name == name {
			return f, true
		}
	}
	return modelField{}, false
}

var spanType = reflect.TypeOf(Span{})

// spanOf returns the At span of a model struct value, if it has one.
func spanOf(v reflect.Value) *Span {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil
	}
	at := v.FieldByName("At")
	if !at.IsValid() || at.Type() != spanType || !at.CanAddr() {
		return nil
	}
	return at.Addr().Interface().(*Span)
}

func fieldNames(fields []modelField) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return names
}
