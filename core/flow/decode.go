package flow

import (
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

var yamlNodeType = reflect.TypeOf((*yaml.Node)(nil))

// decoder fills model values from YAML nodes, reporting every shape problem
// (wrong types, unknown and missing keys, duplicates) instead of stopping.
type decoder struct {
	*report
}

func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	n = resolve(n)
	if v.Type() == yamlNodeType {
		v.Set(reflect.ValueOf(n))
		return
	}
	if isNull(n) {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		d.decode(n, v.Elem(), path)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		d.decodeList(n, v, path)
	case reflect.Map:
		d.decodeMap(n, v, path)
	case reflect.Interface:
		d.decodeAny(n, v, path)
	default:
		d.decodeScalar(n, v, path)
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if !d.expect(n, yaml.MappingNode, path) {
		return
	}
	fields := modelFields(v.Type())
	span := spanOf(v)
	if span == nil {
		span = &Span{}
	}
	span.Pos = nodePos(n)
	seen := map[string]bool{}
	for _, p := range d.pairs(n, path) {
		f, ok := findModelField(fields, p.key.Value)
		if !ok {
			d.add(nodePos(p.key), CodeUnknownKey, join(path, p.key.Value), "unknown key %q%s",
				p.key.Value, didYouMean(p.key.Value, fieldNames(fields)))
			continue
		}
		seen[f.name] = !isNull(p.value)
		d.decodeField(p, f, v.Field(f.index), span, join(path, f.name))
	}
	for _, f := range fields {
		if f.required && !seen[f.name] {
			d.add(nodePos(n), CodeMissingField, join(path, f.name), "missing required field %q", f.name)
		}
	}
}

// decodeField decodes one key of a model struct and records where it sits.
func (d *decoder) decodeField(p pair, f modelField, v reflect.Value, span *Span, path string) {
	if value := resolve(p.value); !isNull(value) {
		span.add(f.name, nodePos(p.key), nodePos(value), value.Style)
	}
	before := len(d.diags)
	d.decode(p.value, v, path)
	if len(d.diags) > before && isScalarKind(f.typ.Kind()) {
		span.markBad(f.name)
	}
	if k := f.typ.Kind(); k == reflect.Slice || k == reflect.Map {
		recordItems(span, f.name, p.value)
	}
	d.checkEnum(f, p.value, path)
}

// pairs lists a mapping's entries, reporting duplicate and non-string keys.
func (d *decoder) pairs(n *yaml.Node, path string) []pair {
	var out []pair
	first := map[string]*yaml.Node{}
	for _, p := range mappingPairs(n) {
		if p.key.Kind != yaml.ScalarNode {
			d.add(nodePos(p.key), CodeInvalidType, path, "mapping keys must be strings, got %s", describe(p.key))
			continue
		}
		if prev, dup := first[p.key.Value]; dup {
			d.add(nodePos(p.key), CodeDuplicateKey, join(path, p.key.Value),
				"key %q is already defined at line %d", p.key.Value, prev.Line)
			continue
		}
		first[p.key.Value] = p.key
		out = append(out, p)
	}
	return out
}

// recordItems keeps the position of each list item and map entry of a
// field in the owning struct's span, as name[i] and name.key.
func recordItems(span *Span, name string, n *yaml.Node) {
	n = resolve(n)
	switch n.Kind {
	case yaml.SequenceNode:
		for i, item := range n.Content {
			item = resolve(item)
			span.addItem(index(name, i), nodePos(item), nodePos(item), item.Style)
		}
	case yaml.MappingNode:
		for _, p := range mappingPairs(n) {
			value := resolve(p.value)
			span.addItem(join(name, p.key.Value), nodePos(p.key), nodePos(value), value.Style)
		}
	}
}

func (d *decoder) decodeList(n *yaml.Node, v reflect.Value, path string) {
	if !d.expect(n, yaml.SequenceNode, path) {
		return
	}
	list := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		elem := list.Index(i)
		if span := spanOf(elem); span != nil {
			span.Pos = nodePos(resolve(item))
		}
		if isNull(item) && elem.Kind() == reflect.Struct {
			d.add(nodePos(resolve(item)), CodeInvalidType, index(path, i), "want a mapping, got null")
		}
		d.decode(item, elem, index(path, i))
	}
	v.Set(list)
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path string) {
	if !d.expect(n, yaml.MappingNode, path) {
		return
	}
	m := reflect.MakeMap(v.Type())
	for _, p := range d.pairs(n, path) {
		elem := reflect.New(v.Type().Elem()).Elem()
		d.decode(p.value, elem, join(path, p.key.Value))
		if span := spanOf(elem); span != nil {
			span.Key = nodePos(p.key)
		}
		m.SetMapIndex(reflect.ValueOf(p.key.Value), elem)
	}
	v.Set(m)
}

func (d *decoder) decodeAny(n *yaml.Node, v reflect.Value, path string) {
	val, prob := nodeValue(n)
	if prob != nil {
		d.add(nodePos(prob.node), CodeInvalidType, path, "%s", prob.msg)
		return
	}
	if val != nil {
		v.Set(reflect.ValueOf(val))
	}
}

func (d *decoder) decodeScalar(n *yaml.Node, v reflect.Value, path string) {
	want, tags := scalarWant(v.Kind())
	if n.Kind != yaml.ScalarNode || !slices.Contains(tags, n.Tag) {
		d.add(nodePos(n), CodeInvalidType, path, "want %s, got %s", want, describe(n))
		return
	}
	if v.Kind() == reflect.String {
		v.SetString(n.Value)
		return
	}
	if err := n.Decode(v.Addr().Interface()); err != nil {
		d.add(nodePos(n), CodeInvalidValue, path, "%s is out of range", n.Value)
	}
}

func scalarWant(k reflect.Kind) (string, []string) {
	switch k {
	case reflect.Bool:
		return "a boolean", []string{"!!bool"}
	case reflect.Int, reflect.Int64:
		return "a whole number", []string{"!!int"}
	case reflect.Float64:
		return "a number", []string{"!!int", "!!float"}
	}
	return "a string", []string{"!!str"}
}

func (d *decoder) expect(n *yaml.Node, kind yaml.Kind, path string) bool {
	if n.Kind == kind {
		return true
	}
	want := map[yaml.Kind]string{yaml.MappingNode: "a mapping", yaml.SequenceNode: "a list"}[kind]
	d.add(nodePos(n), CodeInvalidType, path, "want %s, got %s", want, describe(n))
	return false
}

func (d *decoder) checkEnum(f modelField, n *yaml.Node, path string) {
	n = resolve(n)
	if len(f.enum) == 0 || !isString(n) || slices.Contains(f.enum, n.Value) {
		return
	}
	d.add(nodePos(n), CodeInvalidValue, path, "%s must be one of %s, got %q",
		f.name, strings.Join(f.enum, ", "), n.Value)
}

func isScalarKind(k reflect.Kind) bool {
	switch k {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Float64:
		return true
	}
	return false
}
