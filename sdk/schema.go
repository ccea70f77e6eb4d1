package sdk

// SchemaDialect is the JSON Schema draft [Fields.JSONSchema] writes.
const SchemaDialect = "https://json-schema.org/draft/2020-12/schema"

// durationPattern matches exactly the strings time.ParseDuration accepts.
const durationPattern = `^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$`

// JSONSchema returns the declarations as a JSON Schema (draft 2020-12)
// object schema, ready to marshal for the dashboard's forms and the flow
// editor. Secrets are "writeOnly" with "x-secret": true; "x-order" lists
// property names in declaration order, since JSON objects have none.
func (fs Fields) JSONSchema() map[string]any {
	s := objectSchema(fs.specs())
	s["$schema"] = SchemaDialect
	return s
}

func objectSchema(specs []FieldSpec) map[string]any {
	props := make(map[string]any, len(specs))
	order := make([]string, 0, len(specs))
	var required []string
	for _, s := range specs {
		props[s.Name] = fieldSchema(s)
		order = append(order, s.Name)
		if s.Required {
			required = append(required, s.Name)
		}
	}
	out := map[string]any{
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
		"x-order":              order,
	}
	if required != nil {
		out["required"] = required
	}
	return out
}

func fieldSchema(s FieldSpec) map[string]any {
	out := typeSchema(s)
	if s.Description != "" {
		out["description"] = s.Description
	}
	if s.Default != nil {
		out["default"] = s.Default
	}
	if len(s.Examples) > 0 {
		out["examples"] = s.Examples
	}
	if s.Secret {
		out["writeOnly"] = true
		out["x-secret"] = true
	}
	return out
}

func typeSchema(s FieldSpec) map[string]any {
	switch s.Type {
	case TypeString:
		return map[string]any{"type": "string"}
	case TypeInt:
		return map[string]any{"type": "integer"}
	case TypeFloat:
		return map[string]any{"type": "number"}
	case TypeBool:
		return map[string]any{"type": "boolean"}
	case TypeEnum:
		return map[string]any{"type": "string", "enum": s.Enum}
	case TypeDuration:
		return map[string]any{"type": "string", "pattern": durationPattern, "x-type": "duration"}
	case TypeURL:
		return map[string]any{"type": "string", "format": "uri", "pattern": "^https?://"}
	case TypeObject:
		return objectSchema(s.Fields)
	case TypeList:
		return map[string]any{"type": "array", "items": elemSchema(s)}
	case TypeMap:
		return map[string]any{"type": "object", "additionalProperties": elemSchema(s)}
	}
	return map[string]any{}
}

func elemSchema(s FieldSpec) map[string]any {
	if s.Elem == nil {
		return map[string]any{}
	}
	return fieldSchema(*s.Elem)
}
