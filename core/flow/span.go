package flow

import "gopkg.in/yaml.v3"

// Pos is a 1-based line and column in a flow's source.
type Pos struct {
	Line, Col int
}

func nodePos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{Line: 1, Col: 1}
	}
	return Pos{Line: n.Line, Col: n.Column}
}

// Span records where a model element and each of its fields sit in the
// source, so later checks can point at the exact key or value.
type Span struct {
	Pos    Pos // where the element's value starts
	Key    Pos // where the key naming the element starts, for map entries
	fields []spanField
}

type spanField struct {
	name       string
	key, value Pos
	style      yaml.Style // of the value, to place columns inside quoted text
	item       bool       // a list item or map entry of a field, named like tags[0] or mocks.answer
	bad        bool       // written with the wrong type; its model value is the zero value
}

func (s *Span) add(name string, key, value Pos, style yaml.Style) {
	s.fields = append(s.fields, spanField{name: name, key: key, value: value, style: style})
}

// Has reports whether the field was written in the source with a value of
// the right type, so the model holds what was written.
func (s Span) Has(name string) bool {
	f, ok := s.find(name)
	return ok && !f.bad
}

// Written reports whether the field was written in the source at all.
func (s Span) Written(name string) bool {
	_, ok := s.find(name)
	return ok
}

func (s *Span) markBad(name string) {
	for i := range s.fields {
		if s.fields[i].name == name {
			s.fields[i].bad = true
		}
	}
}

// KeyOf is where the field's key starts, or the element's start if absent.
func (s Span) KeyOf(name string) Pos {
	if f, ok := s.find(name); ok {
		return f.key
	}
	return s.Pos
}

// ValueOf is where the field's value starts, or the element's start if absent.
func (s Span) ValueOf(name string) Pos {
	if f, ok := s.find(name); ok {
		return f.value
	}
	return s.Pos
}

func (s *Span) addItem(name string, key, value Pos, style yaml.Style) {
	s.fields = append(s.fields, spanField{name: name, key: key, value: value, style: style, item: true})
}

// Fields lists the written field names in source order.
func (s Span) Fields() []string {
	var names []string
	for _, f := range s.fields {
		if !f.item {
			names = append(names, f.name)
		}
	}
	return names
}

// styleOf is the YAML style the field's value was written in.
func (s Span) styleOf(name string) yaml.Style {
	f, _ := s.find(name)
	return f.style
}

func (s Span) find(name string) (spanField, bool) {
	for _, f := range s.fields {
		if f.name == name {
			return f, true
		}
	}
	return spanField{}, false
}
