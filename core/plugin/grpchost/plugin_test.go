package grpchost

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/masteria/masteria/sdk"
)

func TestStartRefuses(t *testing.T) {
	tests := []struct {
		name    string
		command func() *exec.Cmd
		want    string
	}{
		{"not a plugin", Executable("sh", "-c", "echo hello"), "starting"},
		{"missing executable", Executable("/nonexistent/plugin"), "starting"},
		{"wrong runtime", func() *exec.Cmd {
			cmd := exec.Command(testPlugin)
			cmd.Env = append(os.Environ(), "TESTPLUGIN_RUNTIME=wasm")
			return cmd
		}, `runtime "wasm"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := fastOptions(t)
			opts.Command, opts.StartTimeout = tt.command, 5*time.Second
			p, err := Start(context.Background(), opts)
			if err == nil {
				_ = p.Close()
				t.Fatal("Start succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Start = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestConcurrentInvokes(t *testing.T) {
	p := start(t, fastOptions(t))
	c := open(t, p, "c1", newTestHost())
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Go(func() {
			want := fmt.Sprint("v", i)
			got, err := invoke(context.Background(), t, c, "test.echo", map[string]any{"value": want})
			if err == nil && got["value"] != want {
				err = fmt.Errorf("got %v, want %s", got["value"], want)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestCancellationCrossesTheProcess(t *testing.T) {
	p := start(t, fastOptions(t))
	h := newTestHost()
	c := open(t, p, "c1", h)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	began := time.Now()
	_, err := invoke(ctx, t, c, "test.block", map[string]any{"tag": "b1"})
	if class, _, _ := sdk.ClassOf(err); !errors.Is(err, context.Canceled) || class != sdk.ClassRetryable {
		t.Errorf("a cancelled call = %v (%v), want a retryable context.Canceled", err, class)
	}
	if took := time.Since(began); took > 2*time.Second {
		t.Errorf("the cancelled call took %v to return", took)
	}
	eventually(t, "the plugin to report the cancellation", func() bool {
		ev := h.events.Emitted()
		return len(ev) == 1 && ev[0].Subject == "test.cancelled" && ev[0].ID == "b1"
	})
}

func TestUndeclaredCallsRefused(t *testing.T) {
	p := start(t, fastOptions(t))
	c := open(t, p, "c1", newTestHost())
	_, err := c.Invoke(context.Background(), "test.nope", sdk.Input{})
	if class, _, _ := sdk.ClassOf(err); class != sdk.ClassPermanent {
		t.Errorf("an undeclared action = %v (%v), want permanent", err, class)
	}
	_, err = c.Send(context.Background(), sdk.OutboundMessage{To: "+1", Kind: sdk.KindText, Text: "x"})
	if class, _, _ := sdk.ClassOf(err); class != sdk.ClassPermanent {
		t.Errorf("Send on a plugin that is no channel = %v (%v), want permanent", err, class)
	}
	if _, err := p.Open(context.Background(), sdk.Connection{ID: "c1"}); err == nil {
		t.Error("opening connection c1 twice succeeded")
	}
}

func TestCloseCleansUp(t *testing.T) {
	p := start(t, fastOptions(t))
	h := newTestHost()
	c := open(t, p, "c1", h)
	if err := p.Health(context.Background()); err != nil {
		t.Fatalf("Health = %v", err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.log.String(), "cleaned up") {
		t.Errorf("Close did not clean up the connection in the plugin; its log:\n%s", h.log)
	}
	_, err := invoke(context.Background(), t, c, "test.echo", map[string]any{"value": "x"})
	if class, _, _ := sdk.ClassOf(err); !errors.Is(err, ErrClosed) || class != sdk.ClassRetryable {
		t.Errorf("a call after Close = %v (%v), want a retryable ErrClosed", err, class)
	}
	if err := c.Close(); err != nil {
		t.Errorf("closing a connection after its plugin: %v", err)
	}
}

func TestValidate(t *testing.T) {
	p := start(t, fastOptions(t))
	h := newTestHost()
	cfg, _ := p.Manifest().Config.Parse(map[string]any{"name": "x"})
	if err := p.Validate(context.Background(), sdk.Connection{ID: "v1", Config: cfg, Host: h.Host}); err != nil {
		t.Fatalf("Validate = %v", err)
	}
	if log := h.log.String(); !strings.Contains(log, "provisioned") || !strings.Contains(log, "cleaned up") {
		t.Errorf("Validate should provision and clean up in the plugin; its log:\n%s", log)
	}
}
