package sdk

import "fmt"

// Object returns an object field. When the field is absent it returns an
// empty object with the sub-fields' defaults filled in.
func (c *ParsedConfig) Object(name string) *ParsedConfig {
	s, v := c.get(name, TypeObject)
	if c == nil || s.Type != TypeObject {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		m = normalizeObject(s.Fields, nil)
	}
	return newParsedConfig(s.Fields, m, c.errs)
}

// Objects returns a list-of-objects field.
func (c *ParsedConfig) Objects(name string) []*ParsedConfig {
	s, v := c.elems(name, TypeList, TypeObject)
	l, _ := v.([]any)
	out := make([]*ParsedConfig, 0, len(l))
	for _, e := range l {
		m, _ := e.(map[string]any)
		out = append(out, newParsedConfig(s.Elem.Fields, m, c.errs))
	}
	return out
}

// Strings returns a list-of-strings (or enums) field.
func (c *ParsedConfig) Strings(name string) []string {
	_, v := c.elems(name, TypeList, TypeString, TypeEnum)
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}

// StringMap returns a map-of-strings field, such as template variables.
func (c *ParsedConfig) StringMap(name string) map[string]string {
	_, v := c.elems(name, TypeMap, TypeString, TypeEnum)
	m, _ := v.(map[string]any)
	out := make(map[string]string, len(m))
	for k, e := range m {
		out[k], _ = e.(string)
	}
	return out
}

// elems reads a list or map field whose elements have one of elemTypes.
func (c *ParsedConfig) elems(name string, outer FieldType, elemTypes ...FieldType) (*FieldSpec, any) {
	s, v := c.get(name, outer)
	if s.Type != outer {
		return s, nil
	}
	for _, t := range elemTypes {
		if s.Elem != nil && s.Elem.Type == t {
			return s, v
		}
	}
	c.errs.add(fmt.Errorf("sdk: config field %q is not a %s of %s", name, outer, elemTypes[0]))
	return &noField, nil
}
