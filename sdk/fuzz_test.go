package sdk

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

// FuzzParse feeds arbitrary JSON to the validator and parser: neither may
// panic, they must agree, valid input must read back without misuse, and
// parsing in place (ParseOwnedInput) must give what Parse gives.
func FuzzParse(f *testing.F) {
	f.Add(`{"to":"+1","template":{"name":"x","components":[{"type":"body","parameters":["a"]}]}}`)
	f.Add(`{"to":"+1","tags":[1,null],"priority":1e400}`)
	f.Add(`{"to":"+1","template":{"variables":{"1":{}}}}`)
	spec := sampleSend()
	f.Fuzz(func(t *testing.T, doc string) {
		var raw map[string]any
		if json.Unmarshal([]byte(doc), &raw) != nil {
			return
		}
		var owned map[string]any
		_ = json.Unmarshal([]byte(doc), &owned)
		errs := spec.Input.Validate(raw)
		in, err := spec.ParseInput(raw)
		if (errs == nil) != (err == nil) {
			t.Fatalf("Validate = %v but Parse = %v", errs, err)
		}
		inPlace, ownedErr := spec.ParseOwnedInput(owned)
		if !reflect.DeepEqual(err, ownedErr) {
			t.Fatalf("Parse = %v but ParseOwned = %v", err, ownedErr)
		}
		checkSlots(t, spec, doc, in, err)
		if err != nil {
			return
		}
		if !reflect.DeepEqual(in.Params.values, inPlace.Params.values) {
			t.Fatalf("Parse = %#v but ParseOwned = %#v", in.Params.values, inPlace.Params.values)
		}
		p := in.Params
		_, _, _ = p.String("to"), p.Strings("tags"), p.Float("priority")
		tpl := p.Object("template")
		_, _ = tpl.StringMap("variables"), tpl.Objects("components")
		if err := p.Err(); err != nil {
			t.Fatalf("accessors failed on valid input: %v", err)
		}
	})
}

// checkSlots holds ParseSlotInput to what ParseInput gave (in, err) for
// doc, when every key of doc is declared (a slot decoder gives up
// otherwise).
func checkSlots(t *testing.T, spec ActionSpec, doc string, in Input, err error) {
	t.Helper()
	var raw map[string]any
	_ = json.Unmarshal([]byte(doc), &raw)
	specs := spec.Input.view()
	slots := make([]any, len(specs))
	for k, v := range raw {
		i := slices.IndexFunc(specs, func(s FieldSpec) bool { return s.Name == k })
		if i < 0 {
			return
		}
		slots[i] = v
	}
	got, slotErr := spec.ParseSlotInput(slots)
	if !reflect.DeepEqual(err, slotErr) {
		t.Fatalf("Parse = %v but ParseSlots = %v", err, slotErr)
	}
	if err != nil {
		return
	}
	if !reflect.DeepEqual(in.Params.values, got.Params.valueMap()) {
		t.Fatalf("Parse = %#v but ParseSlots = %#v", in.Params.values, got.Params.valueMap())
	}
	for _, s := range specs {
		if a, b := in.Params.Value(s.Name), got.Params.Value(s.Name); !reflect.DeepEqual(a, b) {
			t.Fatalf("%s reads %#v from Parse, %#v from ParseSlots", s.Name, a, b)
		}
	}
	if !reflect.DeepEqual(in.Params.Redacted(), got.Params.Redacted()) || got.Params.Err() != nil {
		t.Fatalf("redacted %v and %v, err %v", in.Params.Redacted(), got.Params.Redacted(), got.Params.Err())
	}
}
