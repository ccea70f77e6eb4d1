package sdk

import (
	"encoding/json"
	"net/url"
	"slices"
	"time"
)

// FieldType is the type of a declared field.
type FieldType string

// The field types. Values arrive as decoded JSON or YAML; see
// [Fields.Validate] for what each type accepts.
const (
	TypeString   FieldType = "string"
	TypeInt      FieldType = "int"
	TypeFloat    FieldType = "float"
	TypeBool     FieldType = "bool"
	TypeEnum     FieldType = "enum"     // a string from a fixed list
	TypeDuration FieldType = "duration" // a Go duration string: "30s", "24h"
	TypeURL      FieldType = "url"      // an absolute http(s) URL
	TypeObject   FieldType = "object"   // named sub-fields
	TypeList     FieldType = "list"     // a list of one element type
	TypeMap      FieldType = "map"      // string keys to one element type
)

// FieldSpec is the plain-data form of a field declaration, as it travels in
// a manifest over the wire. Build fields with [NewStringField] and friends;
// read them back with [Field.Spec].
type FieldSpec struct {
	Name        string      `json:"name,omitempty"`
	Type        FieldType   `json:"type"`
	Description string      `json:"description,omitempty"`
	Examples    []any       `json:"examples,omitempty"`
	Default     any         `json:"default,omitempty"` // nil: no default
	Secret      bool        `json:"secret,omitempty"`
	Required    bool        `json:"required,omitempty"`
	Enum        []string    `json:"enum,omitempty"`
	Fields      []FieldSpec `json:"fields,omitempty"` // TypeObject
	Elem        *FieldSpec  `json:"elem,omitempty"`   // TypeList, TypeMap
}

// Field is one declared field. Its methods return a changed copy, so a
// declaration can be shared and refined without surprises:
//
//	sdk.NewStringField("token").Description("API token.").Secret().Required()
//
// Fields are optional unless marked Required.
type Field struct{ spec FieldSpec }

func newField(name string, t FieldType) Field {
	return Field{FieldSpec{Name: name, Type: t}}
}

// NewStringField declares a string field.
func NewStringField(name string) Field { return newField(name, TypeString) }

// NewIntField declares an integer field.
func NewIntField(name string) Field { return newField(name, TypeInt) }

// NewFloatField declares a number field.
func NewFloatField(name string) Field { return newField(name, TypeFloat) }

// NewBoolField declares a boolean field.
func NewBoolField(name string) Field { return newField(name, TypeBool) }

// NewDurationField declares a duration field written as "30s" or "24h".
func NewDurationField(name string) Field { return newField(name, TypeDuration) }

// NewURLField declares an absolute http or https URL field.
func NewURLField(name string) Field { return newField(name, TypeURL) }

// NewEnumField declares a string field limited to values.
func NewEnumField(name string, values ...string) Field {
	f := newField(name, TypeEnum)
	f.spec.Enum = slices.Clone(values)
	return f
}

// NewObjectField declares a field holding the given named sub-fields.
func NewObjectField(name string, fields ...Field) Field {
	f := newField(name, TypeObject)
	f.spec.Fields = Fields(fields).specs()
	return f
}

// NewListField declares a list whose elements are described by elem (elem's
// name is ignored).
func NewListField(name string, elem Field) Field {
	f := newField(name, TypeList)
	f.spec.Elem = elemSpec(elem)
	return f
}

// NewMapField declares an object with free-form string keys whose values are
// described by elem, such as template variables.
func NewMapField(name string, elem Field) Field {
	f := newField(name, TypeMap)
	f.spec.Elem = elemSpec(elem)
	return f
}

func elemSpec(elem Field) *FieldSpec {
	s := elem.Spec()
	s.Name = ""
	return &s
}

// Description sets the help text shown in forms and docs.
func (f Field) Description(d string) Field { f.spec.Description = d; return f }

// Example adds an example value, shown in docs and the JSON Schema.
func (f Field) Example(v any) Field {
	f.spec.Examples = append(slices.Clip(f.spec.Examples), plainValue(v))
	return f
}

// Default sets the value used when the field is absent. A time.Duration or
// *url.URL is stored in its string form.
func (f Field) Default(v any) Field { f.spec.Default = plainValue(v); return f }

// Secret marks the field as a credential: stored encrypted, never echoed
// back, written as "writeOnly" in the JSON Schema.
func (f Field) Secret() Field { f.spec.Secret = true; return f }

// Required marks the field as mandatory. An empty string counts as absent.
func (f Field) Required() Field { f.spec.Required = true; return f }

// Name returns the field's name.
func (f Field) Name() string { return f.spec.Name }

// Spec returns a copy of the declaration as plain data.
func (f Field) Spec() FieldSpec { return cloneSpec(f.spec) }

// MarshalJSON encodes the field as its [FieldSpec].
func (f Field) MarshalJSON() ([]byte, error) { return json.Marshal(f.spec) }

// UnmarshalJSON decodes a field from its [FieldSpec] form.
func (f *Field) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &f.spec) }

func plainValue(v any) any {
	switch x := v.(type) {
	case time.Duration:
		return x.String()
	case *url.URL:
		return x.String()
	}
	return v
}

func cloneSpec(s FieldSpec) FieldSpec {
	s.Examples = slices.Clone(s.Examples)
	s.Enum = slices.Clone(s.Enum)
	if s.Fields != nil {
		fs := make([]FieldSpec, len(s.Fields))
		for i, c := range s.Fields {
			fs[i] = cloneSpec(c)
		}
		s.Fields = fs
	}
	if s.Elem != nil {
		e := cloneSpec(*s.Elem)
		s.Elem = &e
	}
	return s
}
