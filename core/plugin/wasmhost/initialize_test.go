package wasmhost

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk/wasm/abi"
)

// initModule is a module that exports every ABI function (all one empty
// function) and an _initialize with body: enough to pass Load's ABI check
// and reach the start-up call.
func initModule(body string) []byte {
	names := append([]string{"_initialize"}, abi.Exports...)
	exports := []byte{byte(len(names))}
	for i, n := range names {
		fn := byte(1)
		if i == 0 {
			fn = 0
		}
		exports = append(exports, byte(len(n)))
		exports = append(exports, n...)
		exports = append(exports, 0x00, fn)
	}
	start := "\x00" + body
	empty := "\x00\x0b"
	codes := "\x02" + string([]byte{byte(len(start))}) + start + string([]byte{byte(len(empty))}) + empty
	return module(
		1, typeVoid, // type 0: () -> ()
		3, "\x02\x00\x00", // two functions of type 0
		7, string(exports),
		10, codes,
	)
}

// TestInitializeThatNeverEndsIsATimeLimit: a module whose start-up loops
// forever fails to load with ErrTimeLimit once the call limit passes, not
// as a crash or a cancelled context.
func TestInitializeThatNeverEndsIsATimeLimit(t *testing.T) {
	_, err := Load(context.Background(), initModule(spinForever), Options{CallTimeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrTimeLimit) || !strings.Contains(err.Error(), "start") {
		t.Fatalf("Load = %v, want ErrTimeLimit at start", err)
	}
}

// TestInitializeThatTrapsIsACrash: a start-up that traps (unreachable)
// fails to load as a crash naming the start.
func TestInitializeThatTrapsIsACrash(t *testing.T) {
	_, err := Load(context.Background(), initModule("\x00\x0b"), Options{CallTimeout: 5 * time.Second})
	if !errors.Is(err, ErrCrashed) || !strings.Contains(err.Error(), "start") || errors.Is(err, ErrTimeLimit) {
		t.Fatalf("Load = %v, want ErrCrashed at start", err)
	}
}
