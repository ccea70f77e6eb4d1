package wasmhost

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// The time limit is enforced by instrumenting the module, not by wazero's
// WithCloseOnContextDone: that option makes every loop iteration leave the
// compiled code for a Go function that checks whether the module was
// closed, which multiplied the cost of a trivial call by six for Go-built
// modules (each Go function is a wasm loop). Instead, Load rewrites the
// module once. It adds two mutable i32 globals, $interrupt (exported as
// interruptExport) and $fuel, and at the head of every loop it inserts
//
//	global.get $fuel  i32.const 1  i32.sub  global.set $fuel
//	global.get $fuel  i32.eqz
//	if
//	  i32.const fuelPerCheck  global.set $fuel
//	  i32.const 0  memory.grow  drop    ;; a trip through Go: see below
//	  global.get $interrupt
//	  if  unreachable  end
//	end
//
// The host sets $interrupt from a timer when a call runs out of time (or
// the module is closed) and the module traps within fuelPerCheck loop
// iterations. The empty memory.grow matters as much: compiled wasm code is
// not a Go safe point, so a goroutine looping in it would hold up every
// stop-the-world of the garbage collector for as long as it loops; growing
// by nothing is the one instruction wazero serves in Go, where the
// scheduler can preempt. Straight-line code ends on its own and recursion
// ends at the stack limit, so loops are the only way to run long.
// See RATIONALE.md.
const interruptExport = "masteria_interrupt"

// fuelPerCheck is how many loop iterations run between two checks of the
// interrupt global (tens of microseconds of work).
const fuelPerCheck = 4096

// ErrInstrument: the module's binary could not be instrumented (it is
// malformed or uses an encoding this host does not support).
var ErrInstrument = errors.New("wasmhost: compile: cannot read the module")

// Section IDs of the binary format.
const (
	secCustom = 0
	secImport = 2
	secMemory = 5
	secGlobal = 6
	secExport = 7
	secCode   = 10
)

// sectionOrder is the order non-custom sections must appear in (the tag
// section, 13, sits between memory and global).
var sectionOrder = map[byte]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13}

// instrument returns the module with the interrupt global and the loop
// checks. It refuses modules that already export interruptExport.
func instrument(wasm []byte) ([]byte, error) {
	if len(wasm) < 8 || !bytes.Equal(wasm[:8], []byte{0, 'a', 's', 'm', 1, 0, 0, 0}) {
		return nil, fmt.Errorf("%w: not a WebAssembly 1.0 binary", ErrInstrument)
	}
	type section struct {
		id   byte
		body []byte
	}
	var sections []section
	r := &reader{b: wasm, off: 8}
	for !r.done() {
		id := r.byte()
		n := r.u32()
		body := r.bytes(int(n))
		if r.err != nil {
			return nil, r.fail("section header")
		}
		if id == secCustom && isDebugSection(body) {
			continue // DWARF code offsets no longer hold
		}
		if _, known := sectionOrder[id]; !known && id != secCustom {
			return nil, fmt.Errorf("%w: unknown section %d", ErrInstrument, id)
		}
		sections = append(sections, section{id, body})
	}

	var imported imports
	definedGlobals, memories := uint32(0), uint32(0)
	for _, s := range sections {
		var err error
		switch s.id {
		case secImport:
			imported, err = countImports(s.body)
		case secGlobal:
			definedGlobals, err = vecLen(s.body)
		case secMemory:
			memories, err = vecLen(s.body)
		}
		if err != nil {
			return nil, err
		}
	}
	global := imported.globals + definedGlobals // $interrupt; $fuel is next
	check := loopCheck(global, global+1)
	// A module without a memory gets an empty one, for memory.grow.
	wroteMemory := imported.memories+memories > 0

	var out bytes.Buffer
	out.Write(wasm[:8])
	put := func(id byte, body []byte) {
		out.WriteByte(id)
		out.Write(binary.AppendUvarint(nil, uint64(len(body))))
		out.Write(body)
	}
	wroteGlobal, wroteExport := false, false
	// flush writes the sections this pass adds before a section that must
	// follow them.
	flush := func(next int) {
		if !wroteMemory && next > sectionOrder[secMemory] {
			put(secMemory, []byte{0x01, 0x00, 0x00}) // one memory of 0 pages
			wroteMemory = true
		}
		if !wroteGlobal && next > sectionOrder[secGlobal] {
			put(secGlobal, appendVec(nil, 0, newGlobals()))
			wroteGlobal = true
		}
		if !wroteExport && next > sectionOrder[secExport] {
			put(secExport, appendVec(nil, 0, interruptExportEntry(global)))
			wroteExport = true
		}
	}
	for _, s := range sections {
		if s.id != secCustom {
			flush(sectionOrder[s.id])
		}
		switch s.id {
		case secGlobal:
			body, err := appendToVec(s.body, newGlobals())
			if err != nil {
				return nil, err
			}
			put(secGlobal, body)
			wroteGlobal = true
		case secExport:
			if exportsName(s.body, interruptExport) {
				return nil, fmt.Errorf("%w: it already exports %s", ErrInstrument, interruptExport)
			}
			body, err := appendToVec(s.body, interruptExportEntry(global))
			if err != nil {
				return nil, err
			}
			put(secExport, body)
			wroteExport = true
		case secCode:
			body, err := instrumentCode(s.body, check)
			if err != nil {
				return nil, err
			}
			put(secCode, body)
		default:
			put(s.id, s.body)
		}
	}
	flush(len(sectionOrder) + 1) // past the last section
	return out.Bytes(), nil
}

// newGlobals are $interrupt `(global (mut i32) (i32.const 0))` and $fuel
// `(global (mut i32) (i32.const fuelPerCheck))`, two vector elements.
func newGlobals() elems {
	fuel := appendS32([]byte{0x7f, 0x01, 0x41}, fuelPerCheck)
	return elems{n: 2, b: append([]byte{0x7f, 0x01, 0x41, 0x00, 0x0b}, append(fuel, 0x0b)...)}
}

// elems are n encoded vector elements.
type elems struct {
	n uint32
	b []byte
}

func interruptExportEntry(global uint32) elems {
	b := binary.AppendUvarint(nil, uint64(len(interruptExport)))
	b = append(b, interruptExport...)
	b = append(b, 0x03) // global
	return elems{n: 1, b: binary.AppendUvarint(b, uint64(global))}
}

// loopCheck is the code inserted at the head of every loop (see the top
// of this file).
func loopCheck(interrupt, fuel uint32) []byte {
	get := func(b []byte, g uint32) []byte { return binary.AppendUvarint(append(b, 0x23), uint64(g)) }
	set := func(b []byte, g uint32) []byte { return binary.AppendUvarint(append(b, 0x24), uint64(g)) }
	b := get(nil, fuel)
	b = append(b, 0x41, 0x01, 0x6b) // i32.const 1, i32.sub
	b = set(b, fuel)
	b = get(b, fuel)
	b = append(b, 0x45, 0x04, 0x40) // i32.eqz, if
	b = appendS32(append(b, 0x41), fuelPerCheck)
	b = set(b, fuel)
	b = append(b, 0x41, 0x00, 0x40, 0x00, 0x1a) // i32.const 0, memory.grow 0, drop
	b = get(b, interrupt)
	return append(b, 0x04, 0x40, 0x00, 0x0b, 0x0b) // if, unreachable, end; end
}

// appendS32 appends v as a signed LEB128 number (the encoding of i32.const).
func appendS32(b []byte, v int32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func isDebugSection(body []byte) bool {
	r := &reader{b: body}
	name := r.bytes(int(r.u32()))
	return r.err == nil && bytes.HasPrefix(name, []byte(".debug_"))
}

func vecLen(body []byte) (uint32, error) {
	r := &reader{b: body}
	n := r.u32()
	return n, r.fail("vector length")
}

// appendToVec adds encoded elements to a section that is a vector.
func appendToVec(body []byte, more elems) ([]byte, error) {
	r := &reader{b: body}
	n := r.u32()
	if r.err != nil {
		return nil, r.fail("vector length")
	}
	return appendVec(body[r.off:], n, more), nil
}

// appendVec encodes a vector of the n elements encoded in rest, then more.
func appendVec(rest []byte, n uint32, more elems) []byte {
	b := binary.AppendUvarint(nil, uint64(n)+uint64(more.n))
	b = append(b, rest...)
	return append(b, more.b...)
}

// imports counts the imported globals and memories.
type imports struct{ globals, memories uint32 }

func countImports(body []byte) (imports, error) {
	r := &reader{b: body}
	n, c := r.u32(), imports{}
	for i := uint32(0); i < n && r.err == nil; i++ {
		r.bytes(int(r.u32())) // module
		r.bytes(int(r.u32())) // name
		switch kind := r.byte(); kind {
		case 0x00: // func: type index
			r.u32()
		case 0x01: // table: reftype, limits
			r.refType()
			r.limits()
		case 0x02: // memory: limits
			r.limits()
			c.memories++
		case 0x03: // global: valtype, mutability
			r.refType()
			r.byte()
			c.globals++
		case 0x04: // tag: attribute, type index
			r.byte()
			r.u32()
		default:
			r.setErr("import kind %#x", kind)
		}
	}
	return c, r.fail("import section")
}

func exportsName(body []byte, name string) bool {
	r := &reader{b: body}
	n := r.u32()
	for i := uint32(0); i < n && r.err == nil; i++ {
		if string(r.bytes(int(r.u32()))) == name {
			return true
		}
		r.byte()
		r.u32()
	}
	return false
}

// instrumentCode rewrites the code section: each function body gets the
// check after every loop instruction.
func instrumentCode(body, check []byte) ([]byte, error) {
	r := &reader{b: body}
	n := r.u32()
	out := binary.AppendUvarint(make([]byte, 0, len(body)+len(body)/16), uint64(n))
	var fn []byte
	for i := uint32(0); i < n; i++ {
		size := r.u32()
		code := r.bytes(int(size))
		if r.err != nil {
			return nil, r.fail(fmt.Sprintf("function %d", i))
		}
		var err error
		if fn, err = instrumentFunction(fn[:0], code, check); err != nil {
			return nil, fmt.Errorf("%w (function %d)", err, i)
		}
		out = binary.AppendUvarint(out, uint64(len(fn)))
		out = append(out, fn...)
	}
	if !r.done() {
		return nil, fmt.Errorf("%w: %d stray bytes after the code section's functions", ErrInstrument, len(body)-r.off)
	}
	return out, nil
}

func instrumentFunction(out, code, check []byte) ([]byte, error) {
	r := &reader{b: code}
	groups := r.u32()
	for i := uint32(0); i < groups && r.err == nil; i++ {
		r.u32() // count
		r.refType()
	}
	from := 0
	for !r.done() && r.err == nil {
		op := r.byte()
		r.immediates(op)
		if op == 0x03 && r.err == nil { // loop blocktype
			out = append(out, code[from:r.off]...)
			out = append(out, check...)
			from = r.off
		}
	}
	if r.err != nil {
		return nil, r.fail("code")
	}
	return append(out, code[from:]...), nil
}

// reader decodes the binary format; the first error sticks.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) done() bool { return r.err != nil || r.off >= len(r.b) }

func (r *reader) setErr(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

func (r *reader) fail(what string) error {
	if r.err == nil {
		return nil
	}
	return fmt.Errorf("%w: %s at byte %d: %v", ErrInstrument, what, r.off, r.err)
}

func (r *reader) byte() byte {
	if r.err != nil {
		return 0
	}
	if r.off >= len(r.b) {
		r.setErr("unexpected end")
		return 0
	}
	c := r.b[r.off]
	r.off++
	return c
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b)-r.off {
		r.setErr("length %d past the end", n)
		return nil
	}
	b := r.b[r.off : r.off+n]
	r.off += n
	return b
}

// leb reads an LEB128 number of at most maxBits bits, signed or not, and
// returns it unsigned (immediates are only skipped or, for indices, read
// as u32).
func (r *reader) leb(maxBits int) uint64 {
	var v uint64
	for shift := 0; ; shift += 7 {
		if shift >= maxBits+7 {
			r.setErr("LEB128 number too long")
			return 0
		}
		c := r.byte()
		if r.err != nil {
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v
		}
	}
}

func (r *reader) u32() uint32 {
	v := r.leb(32)
	if v > 1<<32-1 {
		r.setErr("u32 out of range")
	}
	return uint32(v)
}

// refType reads a value type, including the (ref null? ht) forms.
func (r *reader) refType() {
	if c := r.byte(); c == 0x63 || c == 0x64 {
		r.leb(33) // heap type
	}
}

func (r *reader) limits() {
	flags := r.byte()
	r.leb(64)
	if flags&0x01 != 0 {
		r.leb(64)
	}
}

func (r *reader) blockType() {
	if r.off >= len(r.b) {
		r.setErr("unexpected end")
		return
	}
	switch c := r.b[r.off]; {
	case c == 0x40 || (c >= 0x7b && c <= 0x7f) || c == 0x70 || c == 0x6f:
		r.off++
	case c == 0x63 || c == 0x64:
		r.refType()
	default:
		r.leb(33) // type index as s33
	}
}

func (r *reader) memarg() {
	align := r.u32()
	if align&0x40 != 0 { // multi-memory: a memory index follows
		r.u32()
	}
	r.leb(64)
}

// immediates skips the immediates of op.
func (r *reader) immediates(op byte) {
	switch {
	case op == 0x02 || op == 0x03 || op == 0x04 || op == 0x06: // block, loop, if, try
		r.blockType()
	case op == 0x1f: // try_table
		r.blockType()
		for n, i := r.u32(), uint32(0); i < n && r.err == nil; i++ {
			if kind := r.byte(); kind <= 1 {
				r.u32() // tag
			}
			r.u32() // label
		}
	case op == 0x07 || op == 0x08 || op == 0x09 || op == 0x18: // catch, throw, rethrow, delegate
		r.u32()
	case op == 0x0c || op == 0x0d || op == 0x10 || op == 0x12 || op == 0x14 || op == 0x15: // br, br_if, call, return_call, call_ref, return_call_ref
		r.u32()
	case op == 0x0e: // br_table
		for n, i := r.u32(), uint32(0); i <= n && r.err == nil; i++ {
			r.u32()
		}
	case op == 0x11 || op == 0x13: // call_indirect, return_call_indirect
		r.u32()
		r.u32()
	case op == 0x1c: // select t*
		for n, i := r.u32(), uint32(0); i < n && r.err == nil; i++ {
			r.refType()
		}
	case op >= 0x20 && op <= 0x26: // local.*, global.*, table.get/set
		r.u32()
	case op >= 0x28 && op <= 0x3e: // loads and stores
		r.memarg()
	case op == 0x3f || op == 0x40: // memory.size, memory.grow
		r.u32()
	case op == 0x41: // i32.const
		r.leb(32)
	case op == 0x42: // i64.const
		r.leb(64)
	case op == 0x43:
		r.bytes(4)
	case op == 0x44:
		r.bytes(8)
	case op == 0xd0: // ref.null heaptype
		r.leb(33)
	case op == 0xd2 || op == 0xd5 || op == 0xd6: // ref.func, br_on_null, br_on_non_null
		r.u32()
	case op == 0xfc:
		r.miscImmediates(r.u32())
	case op == 0xfd:
		r.simdImmediates(r.u32())
	case op == 0xfe:
		if sub := r.u32(); sub == 0x03 { // atomic.fence
			r.byte()
		} else {
			r.memarg()
		}
	case op <= 0x01 || op == 0x05 || op == 0x0a || op == 0x0b || op == 0x0f || op == 0x19 ||
		op == 0x1a || op == 0x1b || (op >= 0x45 && op <= 0xc4) || op == 0xd1 || op == 0xd3 || op == 0xd4:
		// no immediates
	default:
		r.setErr("unsupported opcode %#x", op)
	}
}

func (r *reader) miscImmediates(sub uint32) {
	switch {
	case sub <= 7: // saturating truncations
	case sub == 8 || sub == 10 || sub == 12 || sub == 14: // memory.init, memory.copy, table.init, table.copy
		r.u32()
		r.u32()
	case sub == 9 || sub == 11 || sub == 13 || (sub >= 15 && sub <= 17): // data.drop, memory.fill, elem.drop, table.grow/size/fill
		r.u32()
	default:
		r.setErr("unsupported opcode 0xfc %d", sub)
	}
}

func (r *reader) simdImmediates(sub uint32) {
	switch {
	case sub <= 11 || sub == 92 || sub == 93: // loads and stores
		r.memarg()
	case sub == 12 || sub == 13: // v128.const, i8x16.shuffle
		r.bytes(16)
	case sub >= 21 && sub <= 34: // extract/replace lane
		r.byte()
	case sub >= 84 && sub <= 91: // load/store lane
		r.memarg()
		r.byte()
	case sub <= 0x113: // the rest take none
	default:
		r.setErr("unsupported opcode 0xfd %d", sub)
	}
}
