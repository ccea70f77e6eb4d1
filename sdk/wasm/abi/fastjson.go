package abi

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/masteria/masteria/sdk"
)

// A reflection-free JSON codec for the envelopes of every call. Inside a
// Go module compiled to WebAssembly, encoding/json's reflection is most of
// what a trivial action costs; these functions cover the common shapes
// (plain objects of strings, numbers, booleans, nulls, arrays and objects)
// and give up — reporting ok false — on anything else, so the caller falls
// back to encoding/json and the result is always what encoding/json gives.
// The fuzz tests hold both to that.
//
// The decoder copies its input once and its strings (keys, values and
// numbers) are views of that copy, not one allocation each: inside a WASM
// guest an allocation costs a few hundred nanoseconds, most of what
// decoding a small envelope took. The copy is never written, and lives as
// long as any string from it.

// errFast is the fast path giving up; callers fall back.
var errFast = errors.New("abi: not on the fast path")

// maxFastDepth bounds nesting on the fast path (encoding/json allows more,
// via the fallback).
const maxFastDepth = 64

// DecodeInvoke decodes an [Invoke] as [Unmarshal] does.
func DecodeInvoke(b []byte) (Invoke, error) {
	var req Invoke
	if fastInvoke(bytes.Clone(b), &req) == nil {
		return req, nil
	}
	return decodeInvokeSlow(b)
}

// decodeInvokeSlow is DecodeInvoke's fallback, apart so that the fast
// path's Invoke stays on the stack (encoding/json's takes it to the heap).
func decodeInvokeSlow(b []byte) (Invoke, error) {
	var req Invoke
	err := Unmarshal(b, &req)
	return req, err
}

// DecodeObject decodes a JSON object into plain values as [Unmarshal]
// does (numbers as json.Number).
func DecodeObject(b []byte) (map[string]any, error) {
	d := fastDecoder{b: bytes.Clone(b)}
	d.space()
	if v, err := d.object(0); err == nil && d.end() {
		return v, nil
	}
	var v map[string]any
	err := Unmarshal(b, &v)
	return v, err
}

// MarshalValue encodes v as json.Marshal does.
func MarshalValue(v any) ([]byte, error) { return AppendValue(make([]byte, 0, 128), v) }

// AppendValue appends v's encoding to b (reusing b's memory when it can)
// as MarshalValue encodes it.
func AppendValue(b []byte, v any) ([]byte, error) {
	if out, ok := appendFast(b, v, 0); ok {
		return out, nil
	}
	enc, err := json.Marshal(v)
	return append(b, enc...), err
}

// EncodeInvokeOf encodes the invoke of spec's action with in: what
// EncodeInvoke gives for an Invoke whose input is Values(spec.Input,
// in.Params), but with the input's keys in declaration order and without
// building that map first.
func EncodeInvokeOf(spec sdk.ActionSpec, in sdk.Input) ([]byte, error) {
	b, ok := appendString(append(make([]byte, 0, 256), `{"action":`...), spec.ID)
	if ok {
		b = append(b, `,"input":{`...)
		first := true
		for _, f := range spec.Input {
			name := f.Name()
			if !ok || !in.Params.Has(name) {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			if b, ok = appendString(b, name); ok {
				b, ok = appendFast(append(b, ':'), plain(in.Params.Value(name)), 1)
			}
		}
		b = append(b, '}')
	}
	for _, f := range [...]struct{ name, v string }{
		{"idempotency_key", in.IdempotencyKey}, {"run_id", in.RunID}, {"step_id", in.StepID}} {
		if ok && f.v != "" {
			b, ok = appendString(append(append(append(b, `,"`...), f.name...), `":`...), f.v)
		}
	}
	if !ok {
		return EncodeInvoke(Invoke{Action: spec.ID, Input: Values(spec.Input, in.Params),
			IdempotencyKey: in.IdempotencyKey, RunID: in.RunID, StepID: in.StepID})
	}
	return append(b, '}'), nil
}

// EncodeInvoke encodes an [Invoke] as json.Marshal does.
func EncodeInvoke(req Invoke) ([]byte, error) {
	b, ok := append(make([]byte, 0, 256), `{"action":`...), true
	field := func(name, v string) {
		if ok && v != "" {
			b = append(append(b, `,"`...), name...)
			b = append(b, `":`...)
			b, ok = appendString(b, v)
		}
	}
	if b, ok = appendString(b, req.Action); ok && len(req.Input) > 0 {
		b = append(b, `,"input":`...)
		b, ok = appendFast(b, req.Input, 0)
	}
	field("idempotency_key", req.IdempotencyKey)
	field("run_id", req.RunID)
	field("step_id", req.StepID)
	if !ok {
		return json.Marshal(req)
	}
	return append(b, '}'), nil
}

// invokeKeys are the JSON names of Invoke's fields.
var invokeKeys = [...]string{"action", "idempotency_key", "run_id", "step_id", "input"}

// fastInvoke decodes b, which it owns: req's strings are views of it.
func fastInvoke(b []byte, req *Invoke) error {
	d := fastDecoder{b: b}
	return d.invoke(req, func(bool) (err error) {
		if d.peek() == 'n' {
			req.Input = nil
			return d.null()
		}
		req.Input, err = d.object(1)
		return err
	})
}

// invoke reads an invoke's envelope into req, all but its input, whose
// value it leaves to input (told whether the action came before it).
func (d *fastDecoder) invoke(req *Invoke, input func(afterAction bool) error) error {
	d.space()
	if !d.eat('{') {
		return errFast
	}
	d.space()
	if d.eat('}') {
		return d.done()
	}
	var seen [len(invokeKeys)]bool
	for {
		key, err := d.str()
		if err != nil {
			return err
		}
		i := slices.Index(invokeKeys[:], key)
		if i < 0 || seen[i] {
			return errFast // unknown, differently cased or repeated: encoding/json decides
		}
		seen[i] = true
		d.space()
		if !d.eat(':') {
			return errFast
		}
		d.space()
		switch key {
		case "action":
			req.Action, err = d.str()
		case "idempotency_key":
			req.IdempotencyKey, err = d.str()
		case "run_id":
			req.RunID, err = d.str()
		case "step_id":
			req.StepID, err = d.str()
		case "input":
			err = input(seen[0])
		}
		if err != nil {
			return err
		}
		d.space()
		if d.eat('}') {
			return d.done()
		}
		if !d.eat(',') {
			return errFast
		}
		d.space()
	}
}

// fastDecoder reads b, which nothing may change while a string it
// returned is in use.
type fastDecoder struct {
	b   []byte
	off int
}

// view is b[start:end] as a string sharing b's memory.
func (d *fastDecoder) view(start, end int) string {
	if start == end {
		return ""
	}
	return unsafe.String(&d.b[start], end-start)
}

func (d *fastDecoder) space() {
	b, off := d.b, d.off // locals: a field written per byte is a memory store in WASM
	for off < len(b) && (b[off] == ' ' || b[off] == '\t' || b[off] == '\n' || b[off] == '\r') {
		off++
	}
	d.off = off
}

func (d *fastDecoder) peek() byte {
	if d.off < len(d.b) {
		return d.b[d.off]
	}
	return 0
}

func (d *fastDecoder) eat(c byte) bool {
	if d.peek() == c && d.off < len(d.b) {
		d.off++
		return true
	}
	return false
}

func (d *fastDecoder) end() bool {
	d.space()
	return d.off == len(d.b)
}

func (d *fastDecoder) done() error {
	if d.end() {
		return nil
	}
	return errFast
}

func (d *fastDecoder) literal(s string) error {
	if len(d.b)-d.off >= len(s) && string(d.b[d.off:d.off+len(s)]) == s {
		d.off += len(s)
		return nil
	}
	return errFast
}

func (d *fastDecoder) null() error { return d.literal("null") }

// str reads a string without escapes or control characters, of valid
// UTF-8; anything else goes to encoding/json.
func (d *fastDecoder) str() (string, error) {
	b, off := d.b, d.off
	if off >= len(b) || b[off] != '"' {
		return "", errFast
	}
	off++
	start, ascii := off, true
	for ; off < len(b); off++ {
		switch c := b[off]; {
		case c == '"':
			if !ascii && !utf8.Valid(b[start:off]) {
				return "", errFast
			}
			d.off = off + 1
			return d.view(start, off), nil
		case c == '\\' || c < 0x20:
			return "", errFast
		case c >= 0x80:
			ascii = false
		}
	}
	return "", errFast
}

func (d *fastDecoder) value(depth int) (any, error) {
	switch c := d.peek(); {
	case c == '"':
		return d.str()
	case c == '{':
		return d.object(depth + 1)
	case c == '[':
		return d.array(depth + 1)
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.null()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	}
	return nil, errFast
}

func (d *fastDecoder) object(depth int) (map[string]any, error) {
	if depth > maxFastDepth || !d.eat('{') {
		return nil, errFast
	}
	m := map[string]any{}
	d.space()
	if d.eat('}') {
		return m, nil
	}
	for {
		key, err := d.str()
		if err != nil {
			return nil, err
		}
		d.space()
		if !d.eat(':') {
			return nil, errFast
		}
		d.space()
		if m[key], err = d.value(depth); err != nil {
			return nil, err
		}
		d.space()
		if d.eat('}') {
			return m, nil
		}
		if !d.eat(',') {
			return nil, errFast
		}
		d.space()
	}
}

func (d *fastDecoder) array(depth int) ([]any, error) {
	if depth > maxFastDepth || !d.eat('[') {
		return nil, errFast
	}
	a := []any{}
	d.space()
	if d.eat(']') {
		return a, nil
	}
	for {
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		d.space()
		if d.eat(']') {
			return a, nil
		}
		if !d.eat(',') {
			return nil, errFast
		}
		d.space()
	}
}

// number reads a number in JSON's grammar as a json.Number.
func (d *fastDecoder) number() (json.Number, error) {
	start := d.off
	d.eat('-')
	switch {
	case d.eat('0'):
	case d.peek() >= '1' && d.peek() <= '9':
		d.digits()
	default:
		return "", errFast
	}
	if d.eat('.') && !d.digits() {
		return "", errFast
	}
	if d.eat('e') || d.eat('E') {
		if !d.eat('+') {
			d.eat('-')
		}
		if !d.digits() {
			return "", errFast
		}
	}
	return json.Number(d.view(start, d.off)), nil
}

func (d *fastDecoder) digits() bool {
	start := d.off
	for d.off < len(d.b) && d.b[d.off] >= '0' && d.b[d.off] <= '9' {
		d.off++
	}
	return d.off > start
}

// appendFast encodes the plain shapes; ok is false for anything else.
func appendFast(b []byte, v any, depth int) (_ []byte, ok bool) {
	if depth > maxFastDepth {
		return b, false
	}
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), true
	case string:
		return appendString(b, v)
	case bool:
		return strconv.AppendBool(b, v), true
	case int:
		return strconv.AppendInt(b, int64(v), 10), true
	case int64:
		return strconv.AppendInt(b, v, 10), true
	case int32:
		return strconv.AppendInt(b, int64(v), 10), true
	case uint64:
		return strconv.AppendUint(b, v, 10), true
	case json.Number:
		d := fastDecoder{b: []byte(v)}
		if _, err := d.number(); err != nil || !d.end() || len(v) == 0 {
			return b, false
		}
		return append(b, v...), true
	case map[string]any:
		if len(v) == 1 { // most results: no sorting, no second lookup
			for k, e := range v {
				if b, ok = appendString(append(b, '{'), k); !ok {
					return b, false
				}
				if b, ok = appendFast(append(b, ':'), e, depth+1); !ok {
					return b, false
				}
			}
			return append(b, '}'), true
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			if b, ok = appendString(b, k); !ok {
				return b, false
			}
			b = append(b, ':')
			if b, ok = appendFast(b, v[k], depth+1); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	case []any:
		if v == nil {
			return append(b, "null"...), true
		}
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			if b, ok = appendFast(b, e, depth+1); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	}
	return b, false // floats, structs, other maps: encoding/json
}

// appendString writes the strings encoding/json writes verbatim: valid
// UTF-8 without control characters, the characters it escapes (" \ < > &)
// and U+2028/U+2029.
func appendString(b []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return b, false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			return b, false
		}
		i += n
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), true
}
