package wasmhost

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tetratelabs/wazero/sys"

	"github.com/masteria/masteria/sdk"
)

// The ways a module fails that the sandbox, not the plugin, reports. Each
// stops only the instance it happened in: the instance is discarded, the
// next call gets a fresh one, and the core carries on.
//
// A time limit, a memory limit, a crash and a closed plugin are classed
// retryable, as a crashed go-plugin subprocess is: the step runs again on a
// fresh instance, and the engine's attempt limit bounds what a plugin that
// loops or hogs on every input can cost. A slow provider behind the host's
// HTTP function looks the same as a loop from here, and that one deserves
// its retry. ErrABI is permanent: a module that breaks the contract will
// break it again.
var (
	// ErrTimeLimit: the call ran past Options.CallTimeout.
	ErrTimeLimit = errors.New("wasmhost: call exceeded its time limit")
	// ErrMemoryLimit: the module ran out of memory under
	// Options.MemoryLimit.
	ErrMemoryLimit = errors.New("wasmhost: module exceeded its memory limit")
	// ErrCrashed: the module trapped or exited.
	ErrCrashed = errors.New("wasmhost: module crashed")
	// ErrABI: the module does not speak the masteria_v1 ABI correctly.
	ErrABI = errors.New("wasmhost: module broke the ABI")
	// ErrClosed: the plugin or its module was closed.
	ErrClosed = errors.New("wasmhost: closed")
)

// errTimeLimit is the cause of a call context cut by the time limit.
var errTimeLimit = errors.New("time limit")

// fault explains why a call into the module did not finish. ctx is the
// call's context, carrying the time limit.
func (m *Module) fault(ctx context.Context, in *instance, what string, err error) error {
	id := m.manifest.ID
	if id == "" {
		id = "(loading)"
	}
	if m.closed.Load() {
		return sdk.Retryable(fmt.Errorf("%w: plugin %s, %s: the module was closed", ErrClosed, id, what), 0)
	}
	if ctx.Err() != nil {
		if errors.Is(causeOf(ctx), errTimeLimit) {
			return sdk.Retryable(fmt.Errorf("%w of %v: plugin %s, %s", ErrTimeLimit, m.opts.CallTimeout, id, what), 0)
		}
		return sdk.Retryable(fmt.Errorf("wasmhost: plugin %s, %s: %w", id, what, ctx.Err()), 0)
	}
	out := in.stderr.String()
	if m.outOfMemory(in, out) {
		return sdk.Retryable(fmt.Errorf("%w of %d MiB: plugin %s, %s%s", ErrMemoryLimit,
			m.opts.MemoryLimit>>20, id, what, excerpt(out)), 0)
	}
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		return sdk.Retryable(fmt.Errorf("%w: plugin %s, %s: exit code %d%s", ErrCrashed, id, what,
			exit.ExitCode(), excerpt(out)), 0)
	}
	return sdk.Retryable(fmt.Errorf("%w: plugin %s, %s: %s%s", ErrCrashed, id, what, firstLine(err.Error()),
		excerpt(out)), 0)
}

// outOfMemory tells a crash from exhausted memory: the Go runtime says so,
// or the memory had grown to within an eighth of the limit.
func (m *Module) outOfMemory(in *instance, out string) bool {
	if strings.Contains(out, "out of memory") || strings.Contains(out, "cannot allocate memory") {
		return true
	}
	if in.mod == nil || in.mod.Memory() == nil {
		return false
	}
	return int64(in.mod.Memory().Size()) >= m.opts.MemoryLimit-m.opts.MemoryLimit/8
}

// abiError reports a module that broke the contract.
func (m *Module) abiError(format string, args ...any) error {
	return sdk.Permanent(fmt.Errorf("%w: "+format, append([]any{ErrABI}, args...)...), "")
}

// excerpt is what the module printed about its failure: the Go runtime's
// "fatal error:" or "panic:" paragraph when there is one, else the end.
func excerpt(out string) string {
	const max = 512
	out = strings.TrimSpace(out)
	if i := strings.Index(out, "fatal error:"); i >= 0 {
		out, _, _ = strings.Cut(out[i:], "\n\n")
	} else if i := strings.Index(out, "panic:"); i >= 0 {
		out, _, _ = strings.Cut(out[i:], "\n\n")
	} else if len(out) > max {
		out = "…" + out[len(out)-max:]
	}
	if len(out) > max {
		out = out[:max] + "…"
	}
	if out == "" {
		return ""
	}
	return "\n" + out
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
