package sdk

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

func TestFieldsValidate(t *testing.T) {
	input := sampleSend().Input
	tests := []struct {
		name   string
		values map[string]any
		want   []FieldError // path and code only
	}{
		{"minimal", map[string]any{"to": "+1"}, nil},
		{"missing required", map[string]any{}, []FieldError{{Path: "to", Code: CodeRequired}}},
		{"empty string is missing", map[string]any{"to": ""}, []FieldError{{Path: "to", Code: CodeRequired}}},
		{"null is missing", map[string]any{"to": nil}, []FieldError{{Path: "to", Code: CodeRequired}}},
		{"wrong type", map[string]any{"to": 5}, []FieldError{{Path: "to", Code: CodeType}}},
		{"enum", map[string]any{"to": "+1", "kind": "fax"}, []FieldError{{Path: "kind", Code: CodeEnum}}},
		{"unknown key", map[string]any{"to": "+1", "too": 1}, []FieldError{{Path: "too", Code: CodeUnknown}}},
		{"json numbers", map[string]any{"to": "+1", "priority": json.Number("1.5")}, nil},
		{"go slices", map[string]any{"to": "+1", "tags": []string{"a", "b"}}, nil},
		{"list element", map[string]any{"to": "+1", "tags": []any{"a", 2}}, []FieldError{{Path: "tags[1]", Code: CodeType}}},
		{"nested paths", map[string]any{"to": "+1", "template": map[string]any{
			"variables":  map[string]any{"1": "Ana", "2": 3},
			"components": []any{map[string]any{"type": "footer", "parameters": "x"}, "y"},
		}}, []FieldError{
			{Path: "template.name", Code: CodeRequired},
			{Path: "template.variables.2", Code: CodeType},
			{Path: "template.components[0].type", Code: CodeEnum},
			{Path: "template.components[0].parameters", Code: CodeType},
			{Path: "template.components[1]", Code: CodeType},
		}},
		{"all at once", map[string]any{"kind": 1, "text": true, "x": 1}, []FieldError{
			{Path: "to", Code: CodeRequired}, {Path: "kind", Code: CodeType},
			{Path: "text", Code: CodeType}, {Path: "x", Code: CodeUnknown},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := input.Validate(tt.values)
			if !sameErrors(got, tt.want) {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// sameErrors compares paths and codes, in order.
func sameErrors(got FieldErrors, want []FieldError) bool {
	return slices.EqualFunc(got, want, func(g, w FieldError) bool {
		return g.Path == w.Path && g.Code == w.Code && g.Message != ""
	})
}

func TestScalarTypes(t *testing.T) {
	tests := []struct {
		field Field
		value any
		code  string // "" for valid
	}{
		{NewIntField("n"), 3, ""},
		{NewIntField("n"), 3.0, ""},
		{NewIntField("n"), uint8(3), ""},
		{NewIntField("n"), 3.5, CodeType},
		{NewIntField("n"), "3", CodeType},
		{NewIntField("n"), json.Number("3"), ""},
		{NewFloatField("n"), 3, ""},
		{NewFloatField("n"), "3", CodeType},
		{NewBoolField("b"), false, ""},
		{NewBoolField("b"), "true", CodeType},
		{NewDurationField("d"), "1h30m", ""},
		{NewDurationField("d"), time.Second, ""},
		{NewDurationField("d"), "1 day", CodeFormat},
		{NewDurationField("d"), 30, CodeType},
		{NewURLField("u"), "https://graph.facebook.com/v21.0", ""},
		{NewURLField("u"), "ftp://x", CodeFormat},
		{NewURLField("u"), "graph.facebook.com", CodeFormat},
		{NewObjectField("o", NewStringField("a")), "x", CodeType},
		{NewMapField("m", NewIntField("")), map[string]int{"a": 1}, ""},
		{NewMapField("m", NewIntField("")), []any{1}, CodeType},
	}
	for _, tt := range tests {
		errs := Fields{tt.field}.Validate(map[string]any{tt.field.Name(): tt.value})
		code := ""
		if len(errs) > 0 {
			code = errs[0].Code
		}
		if code != tt.code || len(errs) > 1 {
			t.Errorf("%s %v (%T): got %v, want code %q", tt.field.spec.Type, tt.value, tt.value, errs, tt.code)
		}
	}
}

func TestBuilderIsImmutable(t *testing.T) {
	base := NewStringField("a").Example("x")
	one := base.Example("y")
	two := base.Example("z")
	if got := one.Spec().Examples; !slices.Equal(got, []any{"x", "y"}) {
		t.Errorf("one = %v", got)
	}
	if got := two.Spec().Examples; !slices.Equal(got, []any{"x", "z"}) {
		t.Errorf("two = %v", got)
	}
	if base.Spec().Required || !base.Required().Spec().Required {
		t.Error("Required changed the original or did not apply")
	}
}

func TestFieldJSONRoundTrip(t *testing.T) {
	m := sampleManifest()
	first, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Manifest
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatal(err)
	}
	second, _ := json.Marshal(back)
	if string(first) != string(second) {
		t.Errorf("round trip changed the manifest:\n%s\n%s", first, second)
	}
	if err := back.Validate(); err != nil {
		t.Errorf("decoded manifest is invalid: %v", err)
	}
	if errs := back.Config.Validate(map[string]any{"token": "t", "phone_number_id": "1"}); errs != nil {
		t.Errorf("decoded config rejects good values: %v", errs)
	}
}

func TestJSONNumberIsNotAString(t *testing.T) {
	fields := Fields{NewStringField("name").Required()}
	if errs := fields.Validate(map[string]any{"name": json.Number("42")}); len(errs) == 0 {
		t.Fatal("a json.Number passed a string field")
	}
}

// TestUnknownKeyBesideARepeatedDeclaration: a field declared twice does not
// hide an undeclared key.
func TestUnknownKeyBesideARepeatedDeclaration(t *testing.T) {
	fs := Fields{NewStringField("a"), NewStringField("a")}
	errs := fs.Validate(map[string]any{"a": "x", "x": "y"})
	if len(errs) != 1 || errs[0].Path != "x" || errs[0].Code != CodeUnknown {
		t.Fatalf("errs = %v, want x unknown", errs)
	}
}
