package abi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/masteria/masteria/sdk"
)

var fastSamples = []string{
	`{"action":"wasm_echo.say","input":{"text":"hi"}}`,
	`{"action":"a","input":{"n":12,"f":-1.5e3,"b":true,"z":null,"l":[1,"x",{"y":[]}],"o":{}},"idempotency_key":"k","run_id":"r","step_id":"s"}`,
	` { "action" : "olá" , "input" : null } `,
	`{"action":"a","input":{"s":"quote\"inside"}}`,
	`{"Action":"a"}`,
	`{"action":"a","input":{"a":1},"input":{"b":2}}`,
	`{"action":"a","extra":1}`,
	`{"action":"a",}`,
	`{"action":"\u00e9"}`,
	`{"action":"a"} x`,
	`{"input":{"n":01}}`,
	`{"input":{"n":1.}}`,
	`{"input":{"s":"\xff"}}`,
	`[]`,
	`{}`,
}

// TestDecodeInvokeMatchesEncodingJSON: the fast path gives what
// encoding/json gives, errors included.
func TestDecodeInvokeMatchesEncodingJSON(t *testing.T) {
	for _, s := range fastSamples {
		checkInvoke(t, []byte(s))
	}
}

func checkInvoke(t *testing.T, b []byte) {
	t.Helper()
	var want Invoke
	wantErr := Unmarshal(b, &want)
	got, err := DecodeInvoke(b)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%q: error %v, encoding/json says %v", b, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\n got %#v\nwant %#v", b, got, want)
	}
	if err == nil {
		enc, err := EncodeInvoke(got)
		std, stdErr := json.Marshal(got)
		if err != nil || stdErr != nil || string(enc) != string(std) {
			t.Fatalf("EncodeInvoke(%#v) = %s, %v; json.Marshal gives %s, %v", got, enc, err, std, stdErr)
		}
	}
	var fast Invoke
	if fastInvoke(bytes.Clone(b), &fast) == nil {
		if wantErr != nil {
			t.Fatalf("%q: the fast path accepts what encoding/json refuses: %v", b, wantErr)
		}
		if !reflect.DeepEqual(fast, want) {
			t.Fatalf("%q: fast path\n got %#v\nwant %#v", b, fast, want)
		}
	}
	// What was decoded outlives the caller's buffer (the guest's input
	// buffer is written again by the next call).
	reused := bytes.Clone(b)
	if got, err := DecodeInvoke(reused); err == nil {
		clear(reused)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: decoded values changed with the input's buffer: %#v", b, got)
		}
	}
}

func TestMarshalValueMatchesEncodingJSON(t *testing.T) {
	for _, v := range []any{
		map[string]any{"b": "olá <tag> & co", "a": []any{1, int64(-2), json.Number("3.5"), nil, true}, "c": map[string]any{}},
		map[string]any{"x": 1.25, "y": "\u2028", "z": "tab\t"},
		[]any(nil), "plain", json.Number("1e5"), struct{ A int }{1},
	} {
		checkMarshal(t, v)
	}
}

func checkMarshal(t *testing.T, v any) {
	t.Helper()
	want, wantErr := json.Marshal(v)
	got, err := MarshalValue(v)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%#v: error %v, encoding/json says %v", v, err, wantErr)
	}
	if err == nil && string(got) != string(want) {
		t.Fatalf("%#v:\n got %s\nwant %s", v, got, want)
	}
}

func TestFastPathIsTaken(t *testing.T) {
	var req Invoke
	if err := fastInvoke([]byte(fastSamples[1]), &req); err != nil || req.Input["n"] != json.Number("12") {
		t.Fatalf("fastInvoke = %v, %#v", err, req)
	}
	if b, ok := appendFast(nil, map[string]any{"text": "olá"}, 0); !ok || string(b) != `{"text":"olá"}` {
		t.Fatalf("appendFast = %s, %v", b, ok)
	}
	deep := strings.Repeat("[", maxFastDepth+2) + strings.Repeat("]", maxFastDepth+2)
	checkInvoke(t, []byte(`{"input":{"d":`+deep+`}}`))
}

func FuzzDecodeInvoke(f *testing.F) {
	for _, s := range fastSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkInvoke(t, b)
		checkSlots(t, b)
		var v any
		if Unmarshal(b, &v) == nil {
			checkMarshal(t, v)
			if m, ok := v.(map[string]any); ok {
				reused := bytes.Clone(b)
				got, err := DecodeObject(reused)
				clear(reused)
				if err != nil || !reflect.DeepEqual(got, m) {
					t.Fatalf("DecodeObject(%q) = %#v, %v; want %#v", b, got, err, m)
				}
			}
		}
	})
}

// slotNames declares action "a" with three inputs, for the slot decoder.
func slotNames(action string) ([]string, bool) {
	if action == "a" || action == "wasm_echo.say" {
		return []string{"text", "n", "l"}, true
	}
	return nil, false
}

// checkSlots: when the slot decoder takes b, DecodeInvoke decodes b the
// same, every input key declared, each value in its slot.
func checkSlots(t *testing.T, b []byte) {
	t.Helper()
	reused := bytes.Clone(b)
	req, slots, ok := DecodeInvokeSlots(reused, slotNames)
	clear(reused)
	if !ok {
		return
	}
	want, err := DecodeInvoke(b)
	if err != nil {
		t.Fatalf("%q: the slot decoder took what DecodeInvoke refuses: %v", b, err)
	}
	names, _ := slotNames(want.Action)
	for k := range want.Input {
		if indexOf(names, k) < 0 {
			t.Fatalf("%q: the slot decoder took undeclared key %q", b, k)
		}
	}
	for i, n := range names {
		if !reflect.DeepEqual(slots[i], want.Input[n]) {
			t.Fatalf("%q: slot %s = %#v, DecodeInvoke gives %#v", b, n, slots[i], want.Input[n])
		}
	}
	want.Input = nil
	if !reflect.DeepEqual(req, want) {
		t.Fatalf("%q: slot decoder %#v, DecodeInvoke %#v", b, req, want)
	}
}

func TestDecodeInvokeSlots(t *testing.T) {
	for _, s := range fastSamples {
		checkSlots(t, []byte(s))
	}
	for _, c := range []struct {
		doc  string
		took bool
	}{
		{`{"action":"a","input":{"text":"hi","n":1}}`, true},
		{`{"action":"a"}`, true},
		{`{"action":"a","input":null}`, true},
		{`{"input":{"text":"hi"},"action":"a"}`, false}, // the action comes too late
		{`{"action":"b","input":{}}`, false},            // undeclared action
		{`{"action":"a","input":{"other":1}}`, false},   // undeclared key
		{`{"action":"a","input":{"n":1,"n":2}}`, false}, // repeated key
	} {
		_, _, ok := DecodeInvokeSlots([]byte(c.doc), slotNames)
		if ok != c.took {
			t.Errorf("%s: taken = %v, want %v", c.doc, ok, c.took)
		}
		checkSlots(t, []byte(c.doc))
	}
}

// TestEncodeInvokeOf: the input encoded field by field decodes to what
// EncodeInvoke's encoding of Values does, special strings and numbers
// included.
func TestEncodeInvokeOf(t *testing.T) {
	spec := sdk.ActionSpec{ID: "x.say", Input: sdk.Fields{sdk.NewStringField("text"), sdk.NewIntField("n"),
		sdk.NewFloatField("f"), sdk.NewDurationField("wait"), sdk.NewListField("tags", sdk.NewStringField(""))}}
	for _, raw := range []map[string]any{
		{"text": "olá", "n": 3, "wait": "90s", "tags": []any{"a", "b"}}, // field by field
		{"text": "olá", "n": 3, "f": 1.5, "wait": "90s", "tags": []any{"a", "b"}},
		{"text": "<quote\"&\u2028>"},
		{},
	} {
		params, err := spec.Input.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		in := sdk.Input{Params: params, IdempotencyKey: "k", RunID: "r"}
		got, err := EncodeInvokeOf(spec, in)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := EncodeInvoke(Invoke{Action: spec.ID, Input: Values(spec.Input, params), IdempotencyKey: "k", RunID: "r"})
		a, errA := DecodeInvoke(got)
		b, errB := DecodeInvoke(want)
		if len(raw) == 4 && !bytes.HasPrefix(got, []byte(`{"action":"x.say","input":{"text":`)) {
			t.Errorf("%s: not encoded field by field", got)
		}
		if len(a.Input) == 0 && len(b.Input) == 0 { // "input":{} or none: no input either way
			a.Input, b.Input = nil, nil
		}
		if errA != nil || errB != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("%s\n decodes to %#v (%v)\nEncodeInvoke: %s\n decodes to %#v (%v)", got, a, errA, want, b, errB)
		}
	}
}
