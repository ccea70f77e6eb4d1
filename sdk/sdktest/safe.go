package sdktest

import (
	"fmt"
	"runtime/debug"
)

// panicError is a panic caught in plugin code, with its stack.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("panic: %v\n%s", p.value, p.stack) }

// guard runs f and turns a panic into an error, so one broken plugin call
// fails its test instead of killing the test binary.
func guard(f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &panicError{value: v, stack: debug.Stack()}
		}
	}()
	return f()
}
