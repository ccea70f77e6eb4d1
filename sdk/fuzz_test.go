package sdk

import (
	"encoding/json"
	"reflect"
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
