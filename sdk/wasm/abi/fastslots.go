package abi

import "bytes"

// InputNames returns the declared input field names of an action, in
// declaration order, and whether the action is declared.
type InputNames func(action string) ([]string, bool)

// DecodeInvokeSlots decodes an [Invoke] whose input goes by declaration
// instead of into a map: slots[i] is the value given for names[i] (nil
// when absent), where names are what inputs returns for the action, and
// req.Input is nil. It is the guest's fast path (sdk.Fields.ParseSlots
// reads the slots); ok is false when it cannot take it — the input comes
// before the action, the action is not declared, a key is undeclared or
// repeated, or anything is off the fast path — and DecodeInvoke then
// decodes the same bytes and the input's parse reports what is wrong.
// Strings are views of one copy of b, as DecodeInvoke's.
func DecodeInvokeSlots(b []byte, inputs InputNames) (req Invoke, slots []any, ok bool) {
	d := fastDecoder{b: bytes.Clone(b)}
	err := d.invoke(&req, func(afterAction bool) (err error) {
		names, declared := inputs(req.Action)
		if !afterAction || !declared {
			return errFast
		}
		slots, err = d.slots(names)
		return err
	})
	if err != nil {
		return req, nil, false
	}
	if slots == nil { // no input given: every field absent
		names, declared := inputs(req.Action)
		if !declared {
			return req, nil, false
		}
		slots = make([]any, len(names))
	}
	return req, slots, true
}

// slots reads an object (or null) whose keys are among names into a slice
// by name.
func (d *fastDecoder) slots(names []string) ([]any, error) {
	out := make([]any, len(names))
	if d.peek() == 'n' {
		return out, d.null()
	}
	if len(names) > 64 || !d.eat('{') {
		return nil, errFast
	}
	var seen uint64
	d.space()
	if d.eat('}') {
		return out, nil
	}
	for {
		key, err := d.str()
		if err != nil {
			return nil, err
		}
		i := indexOf(names, key)
		if i < 0 || seen&(1<<i) != 0 {
			return nil, errFast
		}
		seen |= 1 << i
		d.space()
		if !d.eat(':') {
			return nil, errFast
		}
		d.space()
		if out[i], err = d.value(1); err != nil {
			return nil, err
		}
		d.space()
		if d.eat('}') {
			return out, nil
		}
		if !d.eat(',') {
			return nil, errFast
		}
		d.space()
	}
}

func indexOf(names []string, key string) int {
	for i, n := range names {
		if n == key {
			return i
		}
	}
	return -1
}
