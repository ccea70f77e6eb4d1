package flow

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// triggerSchema allows, for each trigger kind, only the keys it takes.
func (g *schemaGen) triggerSchema() schemaObject {
	obj := g.object(reflect.TypeOf(Trigger{}))
	obj["properties"].(schemaObject)["on"].(schemaObject)["enum"] = triggerKindNames()
	var rules []any
	for _, k := range TriggerKinds() {
		then := schemaObject{"propertyNames": schemaObject{"enum": append([]string{"on", "if"}, k.Fields...)}}
		if len(k.Required) > 0 {
			then["required"] = k.Required
		}
		rules = append(rules, schemaObject{"if": onlyWhen("on", k.On), "then": then})
	}
	obj["allOf"] = rules
	return obj
}

// stepSchema makes a step exactly one of action, branch or switch, limits
// each kind to its keys and checks with against the chosen action.
func (g *schemaGen) stepSchema(cat Catalog) schemaObject {
	obj := g.object(reflect.TypeOf(Step{}))
	props := obj["properties"].(schemaObject)
	props["id"].(schemaObject)["$ref"] = "#/$defs/step_id"
	var ids []string
	for _, a := range cat.Actions() {
		ids = append(ids, a.ID)
	}
	props["uses"].(schemaObject)["enum"] = ids
	obj["oneOf"] = []any{
		schemaObject{"required": []string{"uses"}},
		schemaObject{"required": []string{"if"}},
		schemaObject{"required": []string{"switch"}},
	}
	var rules []any
	for _, kind := range []StepKind{KindAction, KindBranch, KindSwitch} {
		marker := map[StepKind]string{KindAction: "uses", KindBranch: "if", KindSwitch: "switch"}[kind]
		rules = append(rules, schemaObject{
			"if":   schemaObject{"required": []string{marker}},
			"then": schemaObject{"propertyNames": schemaObject{"enum": stepKeys[kind]}},
		})
	}
	for _, a := range cat.Actions() {
		rules = append(rules, schemaObject{"if": onlyWhen("uses", a.ID), "then": withRule(a)})
	}
	obj["allOf"] = rules
	return obj
}

// onlyWhen matches objects whose key holds the constant value.
func onlyWhen(key, value string) schemaObject {
	return schemaObject{"properties": schemaObject{key: schemaObject{"const": value}}, "required": []string{key}}
}

func withRule(a ActionSpec) schemaObject {
	rule := schemaObject{"properties": schemaObject{"with": ref("action." + a.ID)}}
	needsWith := len(a.OneOf) > 0 || len(a.InputSchema) > 0
	for _, f := range a.Input {
		needsWith = needsWith || f.Required
	}
	if needsWith {
		rule["required"] = []string{"with"}
	}
	return rule
}

// actionInputSchema is the schema of an action's with.
func actionInputSchema(a ActionSpec) (schemaObject, error) {
	if len(a.InputSchema) > 0 {
		var raw schemaObject
		if err := json.Unmarshal(a.InputSchema, &raw); err != nil {
			return nil, fmt.Errorf("flow: action %s: InputSchema: %w", a.ID, err)
		}
		return raw, nil
	}
	obj := fieldsSchema(a.Input)
	if a.Extra != nil {
		obj["additionalProperties"] = fieldSchema(*a.Extra)
	}
	var groups []any
	for _, group := range a.OneOf {
		var choices []any
		for _, name := range group {
			choices = append(choices, schemaObject{"required": []string{name}})
		}
		groups = append(groups, schemaObject{"oneOf": choices})
	}
	if len(groups) > 0 {
		obj["allOf"] = groups
	}
	if a.Description != "" {
		obj["description"] = a.Description
	}
	return obj, nil
}

func fieldsSchema(fields []Field) schemaObject {
	props := schemaObject{}
	var required []string
	for _, f := range fields {
		props[f.Name] = fieldSchema(f)
		if f.Required {
			required = append(required, f.Name)
		}
	}
	obj := schemaObject{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		obj["required"] = required
	}
	return obj
}

// fieldSchema is one field's schema; where a literal has a fixed type or
// shape, a lone {{ expression }} is accepted as well.
func fieldSchema(f Field) schemaObject {
	s := fieldTypeSchema(f)
	if wrapsTemplate(f) {
		s = schemaObject{"anyOf": []any{s, ref("template")}}
	}
	for k, v := range map[string]any{"description": f.Description, "default": f.Default, "examples": f.Example} {
		if v == nil || v == "" {
			continue
		}
		if k == "examples" {
			v = []any{v}
		}
		s[k] = v
	}
	if f.Secret {
		s["writeOnly"] = true
	}
	return s
}

func wrapsTemplate(f Field) bool {
	switch f.Type {
	case TypeAny, TypeCondition, TypeStep:
		return false
	case TypeString:
		return len(f.Enum) > 0 || f.Pattern != ""
	}
	return true
}

func fieldTypeSchema(f Field) schemaObject {
	switch f.Type {
	case TypeString:
		s := schemaObject{"type": "string"}
		if len(f.Enum) > 0 {
			s["enum"] = f.Enum
		}
		if f.Pattern != "" {
			s["pattern"] = f.Pattern
		}
		return s
	case TypeNumber, TypeInteger, TypeBool:
		return schemaObject{"type": map[FieldType]string{TypeNumber: "number", TypeInteger: "integer", TypeBool: "boolean"}[f.Type]}
	case TypeDuration, TypeCondition, TypeStep:
		return ref(map[FieldType]string{TypeDuration: "duration", TypeCondition: "expression", TypeStep: "step_ref"}[f.Type])
	case TypeTime, TypeTimezone:
		return schemaObject{"type": "string"}
	case TypeList:
		items := schemaObject{}
		if f.Items != nil {
			items = fieldSchema(*f.Items)
		}
		return schemaObject{"type": "array", "items": items}
	case TypeObject:
		if f.Fields == nil {
			return schemaObject{"type": "object"}
		}
		return fieldsSchema(f.Fields)
	}
	return schemaObject{}
}
