package sdk

import "time"

// normalizeObject converts validated values to their canonical Go types
// (string, int64, float64, bool, time.Duration, *url.URL, map[string]any,
// []any) and fills in defaults. Absent fields without a default stay absent.
func normalizeObject(specs []FieldSpec, values map[string]any) map[string]any {
	out := make(map[string]any, len(specs))
	for i := range specs {
		s := &specs[i]
		v, ok := values[s.Name]
		if !isSet(v, ok) {
			if s.Default == nil {
				continue
			}
			v = s.Default
		}
		out[s.Name] = normalize(s, v)
	}
	return out
}

// normalizeInPlace is normalizeObject writing into values itself, which
// has been validated against specs (so holds no undeclared key).
func normalizeInPlace(specs []FieldSpec, values map[string]any) map[string]any {
	if values == nil {
		return normalizeObject(specs, nil)
	}
	for i := range specs {
		s := &specs[i]
		v, ok := values[s.Name]
		switch {
		case isSet(v, ok):
			values[s.Name] = normalize(s, v)
		case s.Default != nil:
			values[s.Name] = normalize(s, s.Default)
		case ok:
			delete(values, s.Name) // null or "": not set
		}
	}
	return values
}

// normalize returns v in its field's canonical Go type; a value already of
// that type is returned as it is, with no new interface value.
func normalize(s *FieldSpec, v any) any {
	switch s.Type {
	case TypeString, TypeEnum:
		if _, ok := v.(string); !ok {
			v, _ = asString(v)
		}
	case TypeInt:
		if _, ok := v.(int64); !ok {
			v, _ = asInt(v)
		}
	case TypeFloat:
		if _, ok := v.(float64); !ok {
			v, _ = asFloat(v)
		}
	case TypeDuration:
		if _, ok := v.(time.Duration); !ok {
			v, _ = asDuration(v)
		}
	case TypeURL:
		v, _ = asURL(plainValue(v))
	case TypeObject:
		m, _ := asMap(v)
		v = normalizeObject(s.Fields, m)
	case TypeList:
		v = normalizeList(s, v)
	case TypeMap:
		v = normalizeMap(s, v)
	}
	return v
}

func normalizeList(s *FieldSpec, v any) []any {
	l, _ := asList(v)
	out := make([]any, len(l))
	for i, e := range l {
		out[i] = normalize(s.Elem, e)
	}
	return out
}

func normalizeMap(s *FieldSpec, v any) map[string]any {
	m, _ := asMap(v)
	out := make(map[string]any, len(m))
	for k, e := range m {
		out[k] = normalize(s.Elem, e)
	}
	return out
}
