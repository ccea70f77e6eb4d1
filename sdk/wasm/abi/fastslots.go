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
	d.space()
	if !d.eat('{') {
		return req, nil, false
	}
	d.space()
	if d.eat('}') {
		return req, nil, false // no action: DecodeInvoke's caller reports it
	}
	var seen [len(invokeKeys)]bool
	for {
		key, err := d.str()
		i := indexOf(invokeKeys[:], key)
		if err != nil || i < 0 || seen[i] {
			return req, nil, false
		}
		seen[i] = true
		d.space()
		if !d.eat(':') {
			return req, nil, false
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
			names, declared := inputs(req.Action)
			if !seen[0] || !declared {
				return req, nil, false
			}
			slots, err = d.slots(names)
		}
		if err != nil {
			return req, nil, false
		}
		d.space()
		if d.eat('}') {
			if d.done() != nil {
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
		if !d.eat(',') {
			return req, nil, false
		}
		d.space()
	}
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
