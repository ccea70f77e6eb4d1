package wasmhost

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// module assembles a module from sections given as (id, body) pairs.
func module(sections ...any) []byte {
	b := []byte("\x00asm\x01\x00\x00\x00")
	for i := 0; i < len(sections); i += 2 {
		body := []byte(sections[i+1].(string))
		b = append(b, byte(sections[i].(int)))
		b = binary.AppendUvarint(b, uint64(len(body)))
		b = append(b, body...)
	}
	return b
}

// code is a code section of one function without locals.
func code(body string) string {
	fn := "\x00" + body
	return "\x01" + string(binary.AppendUvarint(nil, uint64(len(fn)))) + fn
}

var (
	typeVoid   = "\x01\x60\x00\x00"     // () -> ()
	oneFunc    = "\x01\x00"             // one function of type 0
	exportSpin = "\x01\x04spin\x00\x00" // export "spin" = func 0
	// spinForever is `loop br 0 end`: it never ends on its own.
	spinForever = "\x03\x40\x0c\x00\x0b\x0b"
)

// compileAndRun instruments wasm, instantiates it without wazero's own
// interruption, calls export and sets the interrupt global after wait.
func compileAndRun(t *testing.T, wasm []byte, export string, wait time.Duration) error {
	t.Helper()
	ctx := context.Background()
	inst, err := instrument(wasm)
	if err != nil {
		t.Fatalf("instrument: %v", err)
	}
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	mod, err := rt.Instantiate(ctx, inst)
	if err != nil {
		t.Fatalf("instrumented module does not instantiate: %v", err)
	}
	g, ok := mod.ExportedGlobal(interruptExport).(api.MutableGlobal)
	if !ok {
		t.Fatalf("no mutable %s global exported", interruptExport)
	}
	timer := time.AfterFunc(wait, func() { g.Set(1) })
	defer timer.Stop()
	_, err = mod.ExportedFunction(export).Call(ctx)
	return err
}

func TestInstrumentInterruptsALoop(t *testing.T) {
	for name, wasm := range map[string][]byte{
		"without memory": module(1, typeVoid, 3, oneFunc, 7, exportSpin, 10, code(spinForever)),
		"with memory":    module(1, typeVoid, 3, oneFunc, 5, "\x01\x00\x01", 7, exportSpin, 10, code(spinForever)),
	} {
		t.Run(name, func(t *testing.T) {
			err := compileAndRun(t, wasm, "spin", 50*time.Millisecond)
			if err == nil || !strings.Contains(err.Error(), "unreachable") {
				t.Fatalf("spin = %v, want the loop stopped by the unreachable trap", err)
			}
		})
	}
}

// TestInstrumentedLoopLetsTheCollectorRun: a module looping in compiled
// code must not hold up a stop-the-world; without the trips through Go,
// runtime.GC would wait for the loop, which waits for the interrupt set
// after runtime.GC: the test would hang (and fail on its timeout).
func TestInstrumentedLoopLetsTheCollectorRun(t *testing.T) {
	ctx := context.Background()
	inst, err := instrument(module(1, typeVoid, 3, oneFunc, 7, exportSpin, 10, code(spinForever)))
	if err != nil {
		t.Fatal(err)
	}
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	mod, err := rt.Instantiate(ctx, inst)
	if err != nil {
		t.Fatal(err)
	}
	ended := make(chan error)
	go func() {
		_, err := mod.ExportedFunction("spin").Call(ctx)
		ended <- err
	}()
	time.Sleep(20 * time.Millisecond) // let it spin
	for range 3 {
		runtime.GC()
	}
	mod.ExportedGlobal(interruptExport).(api.MutableGlobal).Set(1)
	if err := <-ended; err == nil {
		t.Fatal("spin returned without the trap")
	}
}

func TestAppendS32(t *testing.T) {
	for v, want := range map[int32]string{0: "00", 63: "3f", 64: "c000", -1: "7f", -64: "40", -65: "bf7f", 4096: "8020"} {
		if got := hex.EncodeToString(appendS32(nil, v)); got != want {
			t.Errorf("appendS32(%d) = %s, want %s", v, got, want)
		}
	}
}

func TestInstrumentAddsSectionsInOrder(t *testing.T) {
	// No global and no export section: both are created, in the right
	// place (before code; the datacount section sits before code too).
	start := "\x00" // function 0 as start: it runs the loop, must be interruptible
	wasm := module(1, typeVoid, 3, oneFunc, 8, start, 12, "\x00", 10, code(spinForever))
	inst, err := instrument(wasm)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	compiled, err := rt.CompileModule(ctx, inst)
	if err != nil {
		t.Fatalf("instrumented module does not compile: %v", err)
	}
	if _, ok := compiled.ExportedFunctions()["spin"]; ok {
		t.Fatal("unexpected export")
	}
}

func TestInstrumentKeepsImportedGlobalIndices(t *testing.T) {
	// One imported global and one defined: the interrupt global is index 2,
	// and the function reading global 1 still reads the defined one.
	imports := "\x01\x03env\x01g\x03\x7f\x00" // (import "env" "g" (global i32))
	globals := "\x01\x7f\x00\x41\x07\x0b"     // (global i32 (i32.const 7))
	typeRet := "\x01\x60\x00\x01\x7f"         // () -> i32
	exports := "\x01\x03get\x00\x00"          // export "get" = func 0
	body := "\x03\x40\x0b" + "\x23\x01\x0b"   // loop end; global.get 1
	wasm := module(1, typeRet, 2, imports, 3, oneFunc, 6, globals, 7, exports, 10, code(body))
	inst, err := instrument(wasm)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	envMod := module(6, "\x01\x7f\x00\x41\x03\x0b", 7, "\x01\x01g\x03\x00")
	if _, err := rt.InstantiateWithConfig(ctx, envMod, wazero.NewModuleConfig().WithName("env")); err != nil {
		t.Fatal(err)
	}
	rtMod, err := rt.InstantiateWithConfig(ctx, inst, wazero.NewModuleConfig().WithName("main"))
	if err != nil {
		t.Fatalf("instantiate: %v", err)
	}
	res, err := rtMod.ExportedFunction("get").Call(ctx)
	if err != nil || res[0] != 7 {
		t.Fatalf("get = %v, %v; want 7", res, err)
	}
	if g := rtMod.ExportedGlobal(interruptExport); g == nil || g.Get() != 0 {
		t.Fatalf("interrupt global = %v, want an exported 0", g)
	}
}

func TestInstrumentRejectsBadModules(t *testing.T) {
	for _, tc := range []struct {
		name string
		wasm []byte
		want string
	}{
		{"not wasm", []byte("hello"), "not a WebAssembly"},
		{"truncated section", []byte("\x00asm\x01\x00\x00\x00\x01\x09\x01"), "section header"},
		{"unknown section", module(99, ""), "unknown section 99"},
		{"unknown opcode", module(1, typeVoid, 3, oneFunc, 10, code("\x06\x40\xff\x0b")), "unsupported opcode 0xff"},
		{"function past the end", module(1, typeVoid, 3, oneFunc, 10, "\x01\x09\x00\x0b"), "function 0"},
		{"already instrumented", module(1, typeVoid, 3, oneFunc, 7, "\x01\x12"+interruptExport+"\x00\x00", 10, code("\x0b")),
			"already exports"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := instrument(tc.wasm)
			if !errors.Is(err, ErrInstrument) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("instrument = %v, want ErrInstrument mentioning %q", err, tc.want)
			}
		})
	}
}

// FuzzInstrument: no input panics the rewriter, and whatever wazero
// accepts still compiles after instrumentation.
func FuzzInstrument(f *testing.F) {
	f.Add(module(1, typeVoid, 3, oneFunc, 7, exportSpin, 10, code(spinForever)))
	f.Add(module(1, typeVoid, 3, oneFunc, 10, code("\x02\x40\x03\x40\x41\x01\x0d\x00\x0b\x0b\x0b")))
	f.Add(module(1, typeVoid, 3, oneFunc, 5, "\x01\x00\x01", 10, code("\x41\x00\x28\x02\x00\x1a\x0b")))
	f.Add(module(1, typeVoid, 3, oneFunc, 10, code("\x03\x7f\x41\x01\x0b\x1a\x0b")))
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	f.Fuzz(func(t *testing.T, wasm []byte) {
		inst, err := instrument(wasm)
		if err != nil {
			if !errors.Is(err, ErrInstrument) {
				t.Fatalf("error %v is not ErrInstrument", err)
			}
			return
		}
		orig, err := rt.CompileModule(ctx, wasm)
		if err != nil {
			return // wazero refuses it anyway
		}
		_ = orig.Close(ctx)
		again, err := rt.CompileModule(ctx, inst)
		if err != nil {
			t.Fatalf("the module compiles, its instrumented form does not: %v", err)
		}
		_ = again.Close(ctx)
	})
}
