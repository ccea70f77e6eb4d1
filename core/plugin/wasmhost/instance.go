package wasmhost

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/wasm/abi"
)

// instance is one instantiated module serving one connection, one call at
// a time. Its host functions find it in the call's context.
type instance struct {
	mod     api.Module
	exports map[string]api.Function
	svc     *abi.Services
	stderr  *printed
	stack   []uint64
	m       *Module // set once tracked
	buf     uint32  // the module's buffer for inputs, from masteria_alloc
	bufCap  uint32

	// Per call: the data a host function keeps for take and the entry's
	// output.
	pending []byte
	output  []byte

	// interrupt is the global the instrumented loops check (see
	// interrupt.go); tripped says it was set, so the instance is spent.
	// call is the call running (see callctx.go) and timer its time limit.
	interrupt api.MutableGlobal
	imu       sync.Mutex
	tripped   bool
	call      *callCtx
	timer     *time.Timer
}

type instanceKey struct{}

// instanceOf returns the instance a host function is called for.
func instanceOf(ctx context.Context) *instance {
	in, _ := ctx.Value(instanceKey{}).(*instance)
	return in
}

// moduleConfig is the sandbox every instance starts in: no filesystem,
// arguments, environment or sockets; real clocks; crypto randomness. The
// start function runs after instantiation, under the time limit.
func moduleConfig() wazero.ModuleConfig {
	return wazero.NewModuleConfig().WithName("").WithStartFunctions().
		WithSysWalltime().WithSysNanotime().WithRandSource(rand.Reader)
}

// instantiate starts an instance, running the module's initialisation
// under the time limit.
func (m *Module) instantiate(ctx context.Context, svc *abi.Services) (*instance, error) {
	in := &instance{svc: svc, stderr: &printed{max: 4096}, stack: make([]uint64, 2)}
	cfg := m.config.WithNanosleep(in.sleep).WithStdout(in.stderr).WithStderr(in.stderr)
	mod, err := m.rt.InstantiateModule(ctx, m.compiled, cfg)
	if err != nil {
		return nil, m.fault(ctx, in, "start", err)
	}
	in.mod = mod
	in.interrupt, _ = mod.ExportedGlobal(interruptExport).(api.MutableGlobal)
	if in.interrupt == nil {
		in.close()
		return nil, m.abiError("the instrumented module lost its %s global", interruptExport)
	}
	if !m.track(in) {
		in.close()
		return nil, sdk.Retryable(fmt.Errorf("%w: the module was closed", ErrClosed), 0)
	}
	if start := mod.ExportedFunction("_initialize"); start != nil {
		call := m.limit(ctx, in)
		err := start.CallWithStack(call, nil)
		if err != nil {
			err = m.fault(call, in, "start", err)
		}
		if call.end() && err == nil {
			err = m.fault(call, in, "start", errors.New("interrupted"))
		}
		if err != nil {
			in.close()
			return nil, err
		}
	}
	in.exports = make(map[string]api.Function, len(abi.Exports))
	for _, name := range abi.Exports {
		in.exports[name] = mod.ExportedFunction(name)
	}
	return in, nil
}

// trip sets the interrupt global: the module traps at its next loop.
func (in *instance) trip() {
	in.imu.Lock()
	defer in.imu.Unlock()
	in.tripped = true
	in.interrupt.Set(1)
}

func (in *instance) isTripped() bool {
	in.imu.Lock()
	defer in.imu.Unlock()
	return in.tripped
}

// call runs one entry export: it copies input into a buffer from the
// module's allocator, calls the export under the time limit, and returns
// the status and the output the module handed over.
func (m *Module) call(parent context.Context, in *instance, export string, input []byte) (_ uint32, _ []byte, err error) {
	if in.isTripped() {
		return 0, nil, m.fault(parent, in, export, errors.New("the instance was interrupted"))
	}
	ctx := m.limit(parent, in)
	defer func() {
		if ctx.end() && err == nil {
			// The limit struck as the call returned: its result stands,
			// the instance does not (its pool retires tripped instances).
			in.svc.Host.Log.Warn("wasm instance interrupted as its call ended", "call", export)
		}
	}()
	in.pending, in.output = nil, nil
	in.stderr.reset()
	if err := m.reserve(ctx, in, len(input)); errors.Is(err, ErrABI) {
		return 0, nil, err
	} else if err != nil {
		return 0, nil, m.fault(ctx, in, export, err)
	}
	if !in.mod.Memory().Write(in.buf, input) {
		return 0, nil, m.abiError("%s returned an unusable buffer for %d bytes", abi.ExportAlloc, len(input))
	}
	in.stack[0], in.stack[1] = uint64(in.buf), uint64(len(input))
	if err := in.exports[export].CallWithStack(ctx, in.stack); err != nil {
		return 0, nil, m.fault(ctx, in, export, err)
	}
	out := in.output
	in.pending, in.output = nil, nil
	return uint32(in.stack[0]), out, nil
}

// reserve makes the instance's input buffer hold n bytes, replacing it
// with one twice as large when it is too small, so most calls allocate
// nothing in the module.
func (m *Module) reserve(ctx context.Context, in *instance, n int) error {
	if uint32(n) <= in.bufCap {
		return nil
	}
	size := max(1024, 2*in.bufCap)
	for size < uint32(n) {
		size *= 2
	}
	if in.buf != 0 {
		in.stack[0] = uint64(in.buf)
		if err := in.exports[abi.ExportFree].CallWithStack(ctx, in.stack); err != nil {
			return err
		}
		in.buf, in.bufCap = 0, 0
	}
	in.stack[0] = uint64(size)
	if err := in.exports[abi.ExportAlloc].CallWithStack(ctx, in.stack); err != nil {
		return err
	}
	if in.buf = uint32(in.stack[0]); in.buf == 0 {
		return m.abiError("%s could not allocate %d bytes", abi.ExportAlloc, size)
	}
	in.bufCap = size
	return nil
}

// sleep is the module's nanosleep (WASI poll_oneoff): it returns early
// when the call ends, so a module waiting on a timer is cancelled too.
func (in *instance) sleep(ns int64) {
	in.imu.Lock()
	c := in.call
	in.imu.Unlock()
	var done <-chan struct{}
	if c != nil {
		done = c.Done()
	}
	t := time.NewTimer(time.Duration(ns))
	defer t.Stop()
	select {
	case <-t.C:
	case <-done:
	}
}

func (in *instance) close() {
	if in.timer != nil {
		in.timer.Stop()
	}
	if in.m != nil {
		in.m.untrack(in)
	}
	_ = in.mod.Close(context.Background())
}

// printed keeps the first and the last max bytes a module wrote during
// one call: the Go runtime's "fatal error: …" or "panic: …" comes first,
// and a trap's last words come last.
type printed struct {
	mu         sync.Mutex
	max        int
	head, tail []byte
}

func (p *printed) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(b)
	if room := p.max - len(p.head); room > 0 {
		k := min(room, len(b))
		p.head, b = append(p.head, b[:k]...), b[k:]
	}
	p.tail = append(p.tail, b...)
	if over := len(p.tail) - p.max; over > 0 {
		p.tail = append(p.tail[:0], p.tail[over:]...)
	}
	return n, nil
}

func (p *printed) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return string(p.head) + string(p.tail)
}

func (p *printed) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.head, p.tail = p.head[:0], p.tail[:0]
}
