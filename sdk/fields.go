package sdk

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unsafe"
)

// Fields is an ordered set of field declarations: a connection's config,
// an action's input or output, or an event's payload.
type Fields []Field

func (fs Fields) specs() []FieldSpec {
	out := make([]FieldSpec, len(fs))
	for i, f := range fs {
		out[i] = f.Spec()
	}
	return out
}

// view is fs's declarations as plain data, without copying them: a Field
// is a struct of one FieldSpec, so the two slices share a layout. What reads
// the view (the checker, the normalizer, ParsedConfig) never changes it; a
// ParsedConfig keeps it, so declarations must not be changed in place once
// parsed with (builder methods return copies; a manifest is fixed once
// described).
func (fs Fields) view() []FieldSpec {
	return unsafe.Slice((*FieldSpec)(unsafe.Pointer(unsafe.SliceData(fs))), len(fs))
}

// Validate checks values against the declarations and returns every problem
// at once, in declaration order, then unknown keys in sorted order. Absent,
// null and empty-string values count as not set. Numbers may arrive as any
// Go number or json.Number; an int must be integral.
func (fs Fields) Validate(values map[string]any) FieldErrors {
	var c checker
	c.object("", fs.view(), values)
	return c.errs
}

// Parse validates values and returns them typed, with defaults filled in.
// On failure the error is a [FieldErrors].
func (fs Fields) Parse(values map[string]any) (*ParsedConfig, error) {
	return fs.parse(values, normalizeObject)
}

// ParseOwned is Parse for values made for this one call, which nothing
// else reads or keeps (an action's input just decoded from the wire): the
// result keeps values and types them in place instead of copying them.
func (fs Fields) ParseOwned(values map[string]any) (*ParsedConfig, error) {
	return fs.parse(values, normalizeInPlace)
}

func (fs Fields) parse(values map[string]any, normalize func([]FieldSpec, map[string]any) map[string]any) (*ParsedConfig, error) {
	specs := fs.view()
	var c checker
	c.object("", specs, values)
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return newRootConfig(specs, normalize(specs, values), nil), nil
}

// ParseSlots is Parse for values decoded by declaration: slots[i] is the
// value given for fs[i], nil when it is absent, in a slice made for this
// one call (the result keeps it and types it in place). Plugin runtimes use
// it to parse an input without building a map; a decoder that meets an
// undeclared key gives up and leaves it to Parse, which reports it.
func (fs Fields) ParseSlots(slots []any) (*ParsedConfig, error) {
	specs := fs.view()
	if len(slots) != len(specs) {
		return nil, fmt.Errorf("sdk: %d slots for %d fields", len(slots), len(specs))
	}
	var c checker
	for i := range specs {
		switch s := &specs[i]; {
		case isSet(slots[i], true):
			c.value(fieldPath{name: s.Name, index: -1}, s, slots[i])
		case s.Required:
			c.add(s.Name, CodeRequired, "is required")
		}
	}
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	for i := range specs {
		switch s := &specs[i]; {
		case isSet(slots[i], true):
			slots[i] = normalize(s, slots[i])
		case s.Default != nil:
			slots[i] = normalize(s, s.Default)
		default:
			slots[i] = nil // null or ""
		}
	}
	return newRootConfig(specs, nil, slots), nil
}

type checker struct{ errs FieldErrors }

func (c *checker) add(path, code, format string, args ...any) {
	c.errs = append(c.errs, FieldError{Path: path, Code: code, Message: fmt.Sprintf(format, args...)})
}

func isSet(v any, ok bool) bool {
	s, isString := v.(string)
	return ok && v != nil && !(isString && s == "")
}

func (c *checker) object(path string, specs []FieldSpec, values map[string]any) {
	present := 0 // keys of values declared, each counted once
	for i := range specs {
		s := &specs[i]
		v, ok := values[s.Name]
		if ok && !declares(specs[:i], s.Name) {
			present++
		}
		switch {
		case isSet(v, ok):
			c.value(fieldPath{parent: path, name: s.Name, index: -1}, s, v)
		case s.Required:
			c.add(joinPath(path, s.Name), CodeRequired, "is required")
		}
	}
	if present == len(values) {
		return // every key is declared
	}
	// Unknown keys, sorted; a scan of the few declarations per key spares
	// the common case (none) a map and a sorted copy of the keys.
	var unknown []string
	for k := range values {
		if !declares(specs, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		c.add(joinPath(path, k), CodeUnknown, "is not a declared field")
	}
}

// fieldPath is where a value sits (parent.name, or parent[index] when
// index is not -1), spelled out only for an error or a nested value, so a
// valid scalar costs no string.
type fieldPath struct {
	parent, name string
	index        int
}

func (p fieldPath) String() string {
	if p.index >= 0 {
		return fmt.Sprintf("%s[%d]", p.parent, p.index)
	}
	return joinPath(p.parent, p.name)
}

func (c *checker) value(at fieldPath, s *FieldSpec, v any) {
	switch s.Type {
	case TypeObject:
		if m, ok := asMap(v); ok {
			c.object(at.String(), s.Fields, m)
		} else {
			c.add(at.String(), CodeType, "must be an object")
		}
	case TypeList, TypeMap:
		c.collection(at.String(), s, v)
	default:
		if code, msg := checkScalar(s, v); code != "" {
			c.add(at.String(), code, "%s", msg)
		}
	}
}

func (c *checker) collection(path string, s *FieldSpec, v any) {
	if s.Elem == nil {
		c.add(path, CodeInvalid, "declares no element type")
		return
	}
	if s.Type == TypeMap {
		m, ok := asMap(v)
		if !ok {
			c.add(path, CodeType, "must be an object")
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			c.value(fieldPath{parent: path, name: k, index: -1}, s.Elem, m[k])
		}
		return
	}
	l, ok := asList(v)
	if !ok {
		c.add(path, CodeType, "must be a list")
	}
	for i, e := range l {
		c.value(fieldPath{parent: path, index: i}, s.Elem, e)
	}
}

func checkScalar(s *FieldSpec, v any) (code, msg string) {
	ok := true
	switch s.Type {
	case TypeString:
		_, ok = asString(v)
	case TypeInt:
		_, ok = asInt(v)
	case TypeFloat:
		_, ok = asFloat(v)
	case TypeBool:
		_, ok = asBool(v)
	case TypeEnum, TypeDuration, TypeURL:
		return checkStringForm(s, v)
	default:
		return CodeInvalid, fmt.Sprintf("has unknown type %q", s.Type)
	}
	if !ok {
		return CodeType, "must be " + typeNoun[s.Type]
	}
	return "", ""
}

var typeNoun = map[FieldType]string{
	TypeString: "a string", TypeInt: "an integer", TypeFloat: "a number",
	TypeBool: "true or false", TypeEnum: "a string", TypeDuration: "a duration string",
	TypeURL: "a URL string",
}

func checkStringForm(s *FieldSpec, v any) (code, msg string) {
	str, ok := asString(plainValue(v))
	if !ok {
		return CodeType, "must be " + typeNoun[s.Type]
	}
	switch s.Type {
	case TypeEnum:
		if !slices.Contains(s.Enum, str) {
			return CodeEnum, "must be one of " + quoteList(s.Enum)
		}
	case TypeDuration:
		if _, ok := asDuration(str); !ok {
			return CodeFormat, fmt.Sprintf("%q is not a duration such as \"30s\", \"5m\" or \"24h\"", str)
		}
	case TypeURL:
		if _, ok := asURL(str); !ok {
			return CodeFormat, fmt.Sprintf("%q is not an absolute http or https URL", str)
		}
	}
	return "", ""
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

func declares(specs []FieldSpec, name string) bool {
	for i := range specs {
		if specs[i].Name == name {
			return true
		}
	}
	return false
}
