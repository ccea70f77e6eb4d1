package sdk

import "testing"

// BenchmarkParseInput: an action input of two fields checked and typed, as
// every call does on both sides of a plugin boundary.
func BenchmarkParseInput(b *testing.B) {
	spec := ActionSpec{ID: "x.say", Input: Fields{NewStringField("text").Required(), NewIntField("repeat")}}
	raw := map[string]any{"text": "hi"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := spec.ParseInput(raw); err != nil {
			b.Fatal(err)
		}
	}
}
