package sdktest_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

// process stands in for a plugin process: crashing it cuts off the calls
// in flight, which fail as the runtime reports them, and "restarts" it.
type process struct {
	mu      sync.Mutex
	crashed chan struct{}
	fault   string
}

func newProcess(fault string) *process { return &process{crashed: make(chan struct{}), fault: fault} }

func (p *process) crash(*testing.T) {
	p.mu.Lock()
	defer p.mu.Unlock()
	close(p.crashed)
	if p.fault != "stays-down" {
		p.crashed = make(chan struct{})
	}
}

func (p *process) down() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.crashed
}

// crashable is a plugin running in a process.
type crashable struct {
	sdk.Base
	proc *process
}

func (*crashable) Manifest() sdk.Manifest {
	return sdk.Manifest{ID: "crashy", Version: "1.0.0", Runtime: sdk.RuntimeGRPC, Title: "Crashy",
		Namespaces: []string{"crashy"}, Actions: []sdk.ActionSpec{
			{ID: "crashy.block", Title: "Block", Input: sdk.Fields{sdk.NewDurationField("for").Required()}}}}
}

func (c *crashable) Actions() map[string]sdk.Action {
	return map[string]sdk.Action{"crashy.block": sdk.ActionFunc(c.block)}
}

var errCrashed = errors.New("process crashed")

func (c *crashable) block(ctx context.Context, in sdk.Input) (sdk.Output, error) {
	down := c.proc.down()
	select {
	case <-down: // down already (stays-down), or cut off by the crash
	default:
		select {
		case <-ctx.Done():
			return sdk.Output{}, ctx.Err()
		case <-down:
		case <-time.After(in.Params.Duration("for")):
			return sdk.Output{}, nil
		}
	}
	switch c.proc.fault {
	case "hangs":
		<-ctx.Done()
	case "crash-is-permanent":
		return sdk.Output{}, sdk.Permanent(errCrashed, "")
	}
	return sdk.Output{}, sdk.Retryable(errCrashed, 0)
}

func crashEnv(fault string) (sdktest.Env, func(*testing.T)) {
	proc := newProcess(fault)
	f := func() sdk.Plugin { return &crashable{proc: proc} }
	return sdktest.Env{Factory: f, Manifest: f().Manifest(), Options: sdktest.Options{
		Inputs:      map[string][]map[string]any{"crashy.block": {{"for": "1ms"}}},
		Blocking:    map[string]map[string]any{"crashy.block": {"for": "1h"}},
		CancelGrace: 200 * time.Millisecond,
		Host:        sdktest.NewHost,
	}}, proc.crash
}

const crashFaultEnv = "SDKTEST_CRASH_FAULT"

func TestCrashCheck(t *testing.T) {
	env, crash := crashEnv(os.Getenv(crashFaultEnv))
	sdktest.CrashCheck(crash).Run(t, env)
}

func TestCrashCheckCatchesFaults(t *testing.T) {
	if testing.Short() || os.Getenv(crashFaultEnv) != "" {
		t.Skip("starts one test process per fault")
	}
	for _, tt := range []struct{ fault, want string }{
		{"crash-is-permanent", "classed permanent"},
		{"hangs", "still running"},
		{"stays-down", "after the crash"},
	} {
		t.Run(tt.fault, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestCrashCheck$", "-test.v")
			cmd.Env = append(os.Environ(), crashFaultEnv+"="+tt.fault)
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), tt.want) {
				t.Errorf("the check did not report %q (err = %v); output:\n%s", tt.want, err, out)
			}
		})
	}
}
