package sdk

// normalizeObject converts validated values to their canonical Go types
// (string, int64, float64, bool, time.Duration, *url.URL, map[string]any,
// []any) and fills in defaults. Absent fields without a default stay absent.
func normalizeObject(specs []FieldSpec, values map[string]any) map[string]any {
	out := make(map[string]any, len(specs))
	for _, s := range specs {
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

func normalize(s FieldSpec, v any) any {
	switch s.Type {
	case TypeString, TypeEnum:
		v, _ = asString(v)
	case TypeInt:
		v, _ = asInt(v)
	case TypeFloat:
		v, _ = asFloat(v)
	case TypeDuration:
		v, _ = asDuration(v)
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

func normalizeList(s FieldSpec, v any) []any {
	l, _ := asList(v)
	out := make([]any, len(l))
	for i, e := range l {
		out[i] = normalize(*s.Elem, e)
	}
	return out
}

func normalizeMap(s FieldSpec, v any) map[string]any {
	m, _ := asMap(v)
	out := make(map[string]any, len(m))
	for k, e := range m {
		out[k] = normalize(*s.Elem, e)
	}
	return out
}
