package flow

import (
	"encoding/json"
	"reflect"
	"strings"
)

// typeName describes a model field's type for the reference page.
func typeName(t reflect.Type) string {
	if def, ok := namedStringDefs[t]; ok {
		return strings.ReplaceAll(def, "_", " ")
	}
	switch t.Kind() {
	case reflect.Pointer:
		if t == yamlNodeType {
			return "any"
		}
		return typeName(t.Elem())
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int64:
		return "integer"
	case reflect.Float64:
		return "number"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "list of " + typeName(t.Elem())
	case reflect.Map:
		return "map of " + typeName(t.Elem())
	case reflect.Struct:
		return t.Name()
	}
	return "any"
}

// exprTypeName describes an environment field's type as expressions see it.
func exprTypeName(t reflect.Type) string {
	switch {
	case t.Kind() == reflect.Struct && t.Name() == "Time":
		return "time"
	case t.Kind() == reflect.Struct:
		return "object"
	case t.Kind() == reflect.Map:
		return "map of " + exprTypeName(t.Elem())
	case t.Kind() == reflect.Slice:
		return "list of " + exprTypeName(t.Elem())
	case t.Kind() == reflect.Interface:
		return "any"
	}
	return typeName(t)
}

// actions documents each action of the catalog.
func (r referenceWriter) actions(cat Catalog) {
	r.printf("## Actions\n\n")
	for _, a := range cat.Actions() {
		r.printf("### `%s` — %s\n\n%s\n\n", a.ID, a.Title, cell(a.Description))
		var notes []string
		if a.Waits {
			notes = append(notes, "Pauses the run (a loop through it is not a spin).")
		}
		for _, b := range a.Branches {
			notes = append(notes, "Takes `"+b+"`.")
		}
		for _, g := range a.OneOf {
			notes = append(notes, "Give exactly one of `"+strings.Join(g, "`, `")+"`.")
		}
		if a.Extra != nil {
			notes = append(notes, strings.TrimSpace("Other keys take "+fieldTypeName(*a.Extra)+" values. "+cell(a.Extra.Description)))
		}
		if len(notes) > 0 {
			r.printf("%s\n\n", strings.Join(notes, " "))
		}
		r.fieldTable("Input", a.Input, "")
		r.fieldTable("Output", a.Output, "")
		if len(a.InputSchema) > 0 {
			r.printf("Input schema:\n\n```json\n%s\n```\n\n", a.InputSchema)
		}
	}
}

func (r referenceWriter) fieldTable(title string, fields []Field, prefix string) {
	if len(fields) == 0 {
		return
	}
	if prefix == "" {
		r.printf("| %s | Type | Required | Description |\n|---|---|---|---|\n", title)
	}
	for _, f := range fields {
		r.printf("| `%s%s` | %s | %s | %s |\n", prefix, f.Name, fieldTypeName(f), yesNo(f.Required), cell(fieldDoc(f)))
		if f.Type == TypeObject {
			r.fieldTable(title, f.Fields, prefix+f.Name+".")
		}
	}
	if prefix == "" {
		r.printf("\n")
	}
}

func fieldTypeName(f Field) string {
	if f.Type == TypeList && f.Items != nil {
		return "list of " + fieldTypeName(*f.Items)
	}
	return string(f.Type)
}

func fieldDoc(f Field) string {
	doc := f.Description
	enum := f.Enum
	if f.Items != nil {
		enum = f.Items.Enum
	}
	if len(enum) > 0 {
		doc += " One of: `" + strings.Join(enum, "`, `") + "`."
	}
	if f.Default != nil {
		doc += " Default: `" + toText(f.Default) + "`."
	}
	if f.Example != nil {
		doc += " Example: `" + toText(f.Example) + "`."
	}
	return strings.TrimSpace(doc)
}

// toText renders a default or example value: strings as they are, other
// values as JSON.
func toText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
