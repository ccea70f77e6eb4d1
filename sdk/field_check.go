package sdk

import (
	"fmt"

	"github.com/masteria/masteria/sdk/internal/ident"
)

// decls reports broken declarations under path: bad or duplicate names,
// unknown types, empty enums and objects, missing element types, secrets
// that are not strings, required fields with a default, and defaults or
// examples their own field would reject.
func (c *checker) decls(path string, specs []FieldSpec) {
	seen := make(map[string]bool, len(specs))
	for i, s := range specs {
		p := joinPath(path, s.Name)
		switch {
		case !ident.FieldName(s.Name):
			p = fmt.Sprintf("%s[%d]", path, i)
			c.add(p, CodeFormat, "field name %q must start with a letter and hold only letters, digits and _", s.Name)
		case seen[s.Name]:
			c.add(p, CodeDuplicate, "field %q is declared twice", s.Name)
		}
		seen[s.Name] = true
		c.decl(p, s)
	}
}

func (c *checker) decl(path string, s FieldSpec) {
	if _, known := typeNoun[s.Type]; !known && !isComposite(s.Type) {
		c.add(path, CodeInvalid, "type %q is not a field type", s.Type)
		return
	}
	c.shape(path, s)
	if s.Secret && s.Type != TypeString {
		c.add(path, CodeInvalid, "only string fields can be secret")
	}
	if s.Required && s.Default != nil {
		c.add(path, CodeInvalid, "a required field cannot have a default")
	}
	if s.Default != nil {
		c.sample(path, s, s.Default, "default")
	}
	for i, e := range s.Examples {
		c.sample(path, s, e, fmt.Sprintf("example %d", i+1))
	}
}

func isComposite(t FieldType) bool {
	return t == TypeObject || t == TypeList || t == TypeMap
}

// shape checks what each type must carry: enum values, object fields, an
// element type.
func (c *checker) shape(path string, s FieldSpec) {
	switch s.Type {
	case TypeEnum:
		c.enum(path, s.Enum)
	case TypeObject:
		if len(s.Fields) == 0 {
			c.add(path, CodeInvalid, "object declares no fields (use a map field for free-form keys)")
		}
		c.decls(path, s.Fields)
	case TypeList, TypeMap:
		if s.Elem == nil {
			c.add(path, CodeInvalid, "%s declares no element type", s.Type)
			return
		}
		c.decl(path+"[]", *s.Elem)
	}
}

func (c *checker) enum(path string, values []string) {
	if len(values) == 0 {
		c.add(path, CodeInvalid, "enum declares no values")
	}
	seen := make(map[string]bool, len(values))
	for _, v := range values {
		if v == "" || seen[v] {
			c.add(path, CodeInvalid, "enum value %q is empty or repeated", v)
		}
		seen[v] = true
	}
}

// sample checks a default or example against its own field.
func (c *checker) sample(path string, s FieldSpec, v any, what string) {
	var inner checker
	inner.value(fieldPath{name: path, index: -1}, &s, v)
	for _, e := range inner.errs {
		c.add(e.Path, CodeInvalid, "%s: %s", what, e.Message)
	}
}
