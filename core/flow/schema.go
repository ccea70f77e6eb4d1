package flow

import (
	"encoding/json"
	"reflect"
	"strings"
	"unicode"
)

// schemaObject is one JSON Schema node.
type schemaObject = map[string]any

// JSONSchema returns the JSON Schema (draft 2020-12) of the flow format,
// generated from the Go model, the trigger kinds and the actions of cat.
// The API serves it as GET /api/v1/schema/flow.json.
func JSONSchema(cat Catalog) ([]byte, error) {
	g := &schemaGen{defs: commonDefs()}
	root := g.object(reflect.TypeOf(Flow{}))
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["title"] = "Master IA flow"
	root["description"] = "A flow document, version 1. Generated from the flow package; do not edit."
	props := root["properties"].(schemaObject)
	props["version"].(schemaObject)["const"] = 1
	props["name"].(schemaObject)["pattern"] = flowNameRe.String()
	props["params"].(schemaObject)["propertyNames"] = schemaObject{"pattern": identRe.String()}
	g.defs["trigger"] = g.triggerSchema()
	g.defs["step"] = g.stepSchema(cat)
	for _, spec := range cat.Actions() {
		def, err := actionInputSchema(spec)
		if err != nil {
			return nil, err
		}
		g.defs["action."+spec.ID] = def
	}
	root["$defs"] = g.defs
	return json.MarshalIndent(root, "", "  ")
}

// schemaGen turns model types into schema nodes, collecting named parts
// under $defs.
type schemaGen struct {
	defs schemaObject
}

var namedStringDefs = map[reflect.Type]string{
	reflect.TypeOf(Expression("")): "expression",
	reflect.TypeOf(StepRef("")):    "step_ref",
	reflect.TypeOf(Duration("")):   "duration",
	reflect.TypeOf(Cron("")):       "cron",
	reflect.TypeOf(Timezone("")):   "timezone",
	reflect.TypeOf(Regex("")):      "regex",
}

func commonDefs() schemaObject {
	return schemaObject{
		"expression": schemaObject{"type": "string", "description": "An expr-lang expression (https://expr-lang.org)."},
		"step_ref":   schemaObject{"type": "string", "pattern": stepIDRe.String(), "description": "A step id, or end to end the run."},
		"step_id":    schemaObject{"type": "string", "pattern": stepIDRe.String(), "not": schemaObject{"const": "end"}},
		"duration":   schemaObject{"type": "string", "pattern": `^([0-9]+(\.[0-9]+)?(ms|s|m|h|d|w))+$`, "examples": []any{"90s", "24h", "2d", "1h30m"}},
		"cron":       schemaObject{"type": "string", "examples": []any{"0 9 * * mon-fri", "@daily"}},
		"timezone":   schemaObject{"type": "string", "examples": []any{"America/Sao_Paulo"}},
		"regex":      schemaObject{"type": "string", "format": "regex"},
		"template":   schemaObject{"type": "string", "pattern": `^\s*\{\{.*\}\}\s*$`, "description": "A lone {{ expression }}, which may yield any type."},
	}
}

func (g *schemaGen) typeSchema(t reflect.Type) schemaObject {
	if def, ok := namedStringDefs[t]; ok {
		return ref(def)
	}
	switch t.Kind() {
	case reflect.Pointer:
		if t == yamlNodeType {
			return schemaObject{}
		}
		return g.typeSchema(t.Elem())
	case reflect.String:
		return schemaObject{"type": "string"}
	case reflect.Int, reflect.Int64:
		return schemaObject{"type": "integer"}
	case reflect.Float64:
		return schemaObject{"type": "number"}
	case reflect.Bool:
		return schemaObject{"type": "boolean"}
	case reflect.Slice:
		return schemaObject{"type": "array", "items": g.typeSchema(t.Elem())}
	case reflect.Map:
		return schemaObject{"type": "object", "additionalProperties": g.typeSchema(t.Elem())}
	case reflect.Struct:
		return g.structRef(t)
	}
	return schemaObject{}
}

// structRef puts a struct's schema under $defs once and refers to it.
func (g *schemaGen) structRef(t reflect.Type) schemaObject {
	name := defName(t)
	if _, done := g.defs[name]; !done && name != "trigger" && name != "step" {
		g.defs[name] = true // placeholder against recursion
		g.defs[name] = g.object(t)
	}
	return ref(name)
}

// object is the schema of a model struct: its keys, their docs, enums and
// which are required; no other keys.
func (g *schemaGen) object(t reflect.Type) schemaObject {
	props := schemaObject{}
	var required []string
	for _, f := range modelFields(t) {
		p := schemaObject{}
		for k, v := range g.typeSchema(f.typ) {
			p[k] = v
		}
		if f.doc != "" {
			p["description"] = f.doc
		}
		if len(f.enum) > 0 {
			p["enum"] = f.enum
		}
		props[f.name] = p
		if f.required {
			required = append(required, f.name)
		}
	}
	obj := schemaObject{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		obj["required"] = required
	}
	return obj
}

func ref(def string) schemaObject {
	return schemaObject{"$ref": "#/$defs/" + def}
}

// defName is a Go type name in snake_case: KanbanExpect -> kanban_expect.
func defName(t reflect.Type) string {
	var b strings.Builder
	for i, r := range t.Name() {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
