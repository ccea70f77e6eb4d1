package sdktest_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
	"github.com/masteria/masteria/sdk/sdktest"
)

const faultEnv = "SDKTEST_TOY_FAULT"

func toyOptions() sdktest.Options {
	return sdktest.Options{
		Config:      map[string]any{"token": "t"},
		BadConfigs:  []map[string]any{{"token": "t", "limit": 1000}},
		Inputs:      map[string][]map[string]any{"toy.get": {{"key": "a"}}, "toy.block": {{"for": "1ms"}}},
		Blocking:    map[string]map[string]any{"toy.block": {"for": "2s"}},
		Messages:    []sdk.OutboundMessage{{To: "+1", Kind: sdk.KindText, Text: "hi"}},
		Webhooks:    []sdktest.WebhookCase{{Request: sdk.WebhookRequest{Method: "POST", Body: []byte("hello")}}},
		CancelGrace: 200 * time.Millisecond,
	}
}

// TestToyHelper runs the suite on a faulty toy when started by
// TestSuiteCatchesFaults; a failing suite must not fail the parent run.
func TestToyHelper(t *testing.T) {
	fault, ok := os.LookupEnv(faultEnv)
	if !ok {
		t.Skip("started only by TestSuiteCatchesFaults")
	}
	sdktest.Run(t, func() sdk.Plugin { return &toy{fault: fault} }, toyOptions())
}

func TestSuiteCatchesFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("starts one test process per fault")
	}
	tests := []struct{ fault, want string }{
		{"invalid-manifest", "invalid manifest"},
		{"accepts-bad-config", "the plugin accepted it"},
		{"undeclared-action", `Actions() returns "toy.extra"`},
		{"missing-handler", `Actions() has no handler`},
		{"bad-output", "output does not match"},
		{"ignores-cancel", "still running"},
		{"cancel-is-permanent", "classed permanent"},
		{"send-no-id", "without a provider message ID"},
		{"unstable-ids", "replaying the request gave other event IDs"},
		{"undeclared-event", `"toy.other" is not declared`},
		{"panics-on-garbage", "panic: toy: index out of range"},
		{"cleanup-panics", "never provisioned"},
	}
	for _, tt := range tests {
		t.Run(tt.fault, func(t *testing.T) {
			out, err := runToy(t, tt.fault)
			if err == nil || !strings.Contains(out, tt.want) {
				t.Errorf("the suite did not report %q (err = %v); output:\n%s", tt.want, err, out)
			}
		})
	}
}

// TestToyIsConformant keeps the fault tests honest: without a fault the toy
// passes the suite, so each failure above comes from its fault.
// It also shows a runtime's extra check reaching an opened plugin.
func TestToyIsConformant(t *testing.T) {
	opts := toyOptions()
	var extraRan bool
	opts.Checks = []sdktest.Check{{Name: "runtime extra", Run: func(t *testing.T, env sdktest.Env) {
		_, extraRan = env.Open(t).(*toy)
	}}}
	sdktest.Run(t, func() sdk.Plugin { return &toy{} }, opts)
	if !extraRan {
		t.Error("Options.Checks did not run with an opened plugin")
	}
}

func runToy(t *testing.T, fault string) (string, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestToyHelper$", "-test.v")
	cmd.Env = append(os.Environ(), faultEnv+"="+fault)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
